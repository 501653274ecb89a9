// Renders our cards and suggested actions as plain text for the console chat, with numbered buttons.

export interface PlainButton {
  title: string;
  /** What choosing it sends: text (imBack) or a card submit value. */
  text?: string;
  value?: Record<string, unknown>;
}

export interface PlainRendering {
  lines: string[];
  buttons: PlainButton[];
}

type Node = Record<string, any>;

export function renderPlain(activity: Node): PlainRendering {
  const lines: string[] = [];
  const buttons: PlainButton[] = [];
  const cards = (activity.attachments ?? []).filter((a: Node) => a.contentType === 'application/vnd.microsoft.card.adaptive');
  if (activity.text && cards.length === 0) lines.push(activity.text);
  for (const a of cards) renderElements(a.content?.body ?? [], lines, buttons, a.content?.actions ?? []);
  for (const action of activity.suggestedActions?.actions ?? []) {
    buttons.push({ title: action.title ?? String(action.value), text: String(action.value) });
  }
  return { lines, buttons };
}

function renderElements(body: Node[], lines: string[], buttons: PlainButton[], actions: Node[]): void {
  for (const el of body) {
    switch (el.type) {
      case 'TextBlock':
        lines.push(el.weight === 'Bolder' ? `== ${el.text} ==` : el.text);
        break;
      case 'RichTextBlock':
        lines.push((el.inlines ?? []).map((i: Node) => i.text ?? '').join(''));
        break;
      case 'FactSet':
        for (const f of el.facts ?? []) lines.push(`  ${f.title}: ${f.value}`);
        break;
      case 'Container':
        renderElements(el.items ?? [], lines, buttons, []);
        break;
      case 'ColumnSet':
        for (const c of el.columns ?? []) renderElements(c.items ?? [], lines, buttons, []);
        break;
      case 'ActionSet':
        actions = [...actions, ...(el.actions ?? [])];
        break;
      default:
        if (typeof el.label === 'string') lines.push(`  [${el.label}]`);
    }
  }
  for (const action of actions) {
    const data = action.data as Node | undefined;
    const imBack = data?.msteams?.type === 'imBack' ? String(data.msteams.value) : undefined;
    if (action.type === 'Action.OpenUrl') lines.push(`  ${action.title}: ${action.url}`);
    else buttons.push({ title: action.title, ...(imBack ? { text: imBack } : { value: { ...data, ...(action.verb ? { verb: action.verb } : {}) } }) });
  }
}
