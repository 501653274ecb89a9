// Command phrases of the announcements, German and English (compared after normalize()).
export const ANNOUNCEMENT_PHRASES = {
  send: ['ankündigung', 'ankuendigung', 'announce', 'announcement', 'neue ankündigung', 'new announcement'],
  list: ['ankündigungen', 'ankuendigungen', 'announcements', 'lesebestätigungen', 'read reports'],
};
