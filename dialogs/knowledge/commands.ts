// Command phrases of the knowledge capabilities, German and English (compared after normalize()).
export const KNOWLEDGE_PHRASES = {
  ask: ['frage', 'ask', 'question'],
  show: ['wissen', 'knowledge', 'wissensbasis', 'knowledge base'],
  create: ['wissen neu', 'knowledge new', 'neuer eintrag', 'new entry'],
  expert: ['fachfrage', 'ask expert', 'ask an expert', 'expert question'],
  practice: ['praxisbeispiel', 'good practice', 'practice example'],
  pending: ['fachfragen', 'expert questions', 'offene fachfragen'],
};
