// The Teams app as the tab and the chat card see it: the app id (manifest `id`, stable so updates
// replace the installed app) and the figures tab's entity id, for deep links from a card into the tab.
export const TEAMS_APP_ID = '24440f61-6ee7-4f4a-871c-e2a6b6417aaa';
export const FIGURES_TAB_ENTITY_ID = 'figures';

/** Opens the personal figures tab in Teams. */
export function figuresTabDeepLink(label: string): string {
  return `https://teams.microsoft.com/l/entity/${TEAMS_APP_ID}/${FIGURES_TAB_ENTITY_ID}?label=${encodeURIComponent(label)}`;
}
