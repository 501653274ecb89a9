// Command phrases of the figures capability (German and English).
export const FIGURES_PHRASES = ['statistik', 'kennzahlen', 'zahlen', 'figures', 'statistics', 'stats'];
