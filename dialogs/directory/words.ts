// The command phrases of the directory capability, German and English (the router compares them
// case-insensitively and picks the longest match).
export const SEARCH_PHRASES = ['kontakte', 'kontakt', 'kontakte suchen', 'kontakt suchen', 'contacts', 'contact', 'search contacts', 'find contact', 'find contacts'];

export const RESPONSIBLE_PHRASES = [
  'wer ist zuständig', 'wer ist zustandig', 'wer ist zuständig für', 'wer ist zustandig fur', 'zuständig', 'zustandig', 'zuständigkeit', 'zustandigkeit',
  'ansprechpartner', 'ansprechpartnerin', 'ansprechperson',
  'who is responsible', 'who is responsible for', "who's responsible", 'whos responsible', 'responsible', 'contact person', 'who is in charge',
];

export const ADD_PHRASES = ['kontakte neu', 'kontakt neu', 'neuer kontakt', 'kontakt hinzufügen', 'kontakte hinzufügen', 'kontakt hinzufugen', 'contacts add', 'contacts new', 'add contact', 'new contact'];
export const EDIT_PHRASES = ['kontakte bearbeiten', 'kontakt bearbeiten', 'contacts edit', 'edit contact'];
/** The form's submit when no form dialog is active any more (an older card, another dialog in between). */
export const SAVE_PHRASES = ['kontakte speichern'];
export const CONFIRM_PHRASES = ['kontakte bestätigen', 'kontakt bestätigen', 'kontakte bestatigen', 'kontakt bestatigen', 'contacts confirm', 'confirm contact'];
