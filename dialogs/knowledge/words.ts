// Answer words inside the knowledge dialogs (compared after normalize(); both languages always).
export const WORDS = {
  send: ['senden', 'absenden', 'ja', 'ja senden', 'ok', 'okay', 'send', 'yes', 'submit', 'abschicken'],
  edit: ['aendern', 'text aendern', 'bearbeiten', 'korrigieren', 'edit', 'change', 'change text'],
};

export const is = (norm: string, list: readonly string[]): boolean => list.includes(norm);
