// Material library capabilities (issue 14); opened with the knowledge module (one store file):
//   Officers, coordinators, admins: "material <Thema> [Sprache]" / "material <topic> [language]",
//   "fehlende sprachen [Einrichtung]" / "missing languages [institution]".
import type { Capability } from '../../src/bot/capability.js';
import { MATERIAL_ROLES } from '../../src/material/service.js';
import type { KnowledgeDeps } from '../knowledge/deps.js';
import { MATERIAL_PHRASES } from './commands.js';
import { findMaterial, missingLanguages, searchMaterial } from './find.js';

export function materialCapabilities(deps: KnowledgeDeps): Capability[] {
  return [
    {
      id: 'material.find', phrases: MATERIAL_PHRASES.find, roles: MATERIAL_ROLES,
      menu: { label: 'material.menu.find', command: { de: 'material', en: 'material' } },
      start: (dc, args) => findMaterial(deps, dc, args),
      searchExtension: (ctx, query) => searchMaterial(deps, ctx, query),
    },
    {
      id: 'material.missing', phrases: MATERIAL_PHRASES.missing, roles: MATERIAL_ROLES,
      menu: { label: 'material.menu.missing', command: { de: 'fehlende sprachen', en: 'missing languages' } },
      start: (dc, args) => missingLanguages(deps, dc, args),
    },
  ];
}
