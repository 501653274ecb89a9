// The command phrases of the roles capability, German and English.
export const WHOAMI_PHRASES = ['wer bin ich', 'whoami', 'who am i'];
export const SET_ROLE_PHRASES = ['rolle setzen', 'set role'];
