// Command phrases of the material library, German and English (compared after normalize()).
export const MATERIAL_PHRASES = {
  find: ['material', 'materialien', 'materials', 'merkblatt', 'merkblätter', 'leaflet', 'leaflets'],
  missing: ['fehlende sprachen', 'missing languages'],
};
