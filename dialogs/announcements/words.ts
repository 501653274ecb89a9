// Answer words of the announcement dialog (compared after normalize(); both languages always).
import type { Audience } from '../../src/knowledge/types.js';

export const AUDIENCE_WORDS: Record<Audience, string[]> = {
  all: ['1', 'alle', 'alle integrationsbeauftragten', 'all', 'all officers', 'everyone'],
  jva: ['2', 'jva', 'jvas', 'justizvollzug', 'justizvollzugsanstalten', 'jva officers', 'prisons', 'prison officers'],
  bezirksregierung: ['3', 'br', 'bezirksregierung', 'bezirksregierungen', 'district governments', 'district government', 'br officers'],
};
export const NO_LINK = ['ohne', 'ohne link', 'kein link', 'keiner', 'nein', 'none', 'no', 'no link', 'skip', '-'];
export const SEND = ['senden', 'absenden', 'ja', 'ok', 'send', 'yes'];
