// Words the material commands read besides topics and languages (compared after normalize()).
export const OWN_INSTITUTION = ['meine', 'meine einrichtung', 'eigene', 'mine', 'my institution', 'own'];
