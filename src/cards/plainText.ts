// Renders our cards and suggested actions as plain text for the console chat, with numbered buttons.
// A button that needs input (an Action.ShowCard sub-form, or a submit under a card's own inputs)
// carries those inputs, so the console can ask for them one by one.

/** One field of a card form, as the console asks for it. */
export interface PlainInput {
  id: string;
  label: string;
  required: boolean;
  /** Input.ChoiceSet: pick one by number; Input.Toggle: on/off as two choices. */
  choices?: { title: string; value: string }[];
  /** The value the card shows already (an edit form): Enter keeps it. */
  current?: string;
  maxLength?: number;
  /** Input.ChoiceSet with isMultiSelect: several numbers, comma-separated. */
  multi?: boolean;
}

/** What pressing a button does: send text (imBack), submit a value (Action.Submit) or run a verb (Action.Execute). */
export interface PlainSubmit {
  text?: string;
  value?: Record<string, unknown>;
  verb?: string;
}

export interface PlainButton extends PlainSubmit {
  title: string;
  /** Fields to fill before the button sends (the card's inputs, or the sub-form's). */
  inputs?: PlainInput[];
  /** Action.ShowCard: the sub-form's text and its own buttons (they share `inputs`). */
  form?: { lines: string[]; buttons: PlainButton[] };
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
  for (const a of cards) buttons.push(...renderCard(a.content ?? {}, lines));
  for (const action of activity.suggestedActions?.actions ?? []) {
    buttons.push({ title: action.title ?? String(action.value), text: String(action.value) });
  }
  return { lines, buttons };
}

/** The card's text into `lines`; returns its buttons, each knowing the inputs it submits. */
export function renderCard(card: Node, lines: string[], outerInputs: PlainInput[] = []): PlainButton[] {
  const inputs: PlainInput[] = [];
  const actions: Node[] = [];
  renderElements(card.body ?? [], lines, inputs, actions);
  const all = [...outerInputs, ...inputs];
  return [...actions, ...(card.actions ?? [])].flatMap((action) => buttonOf(action, all, lines));
}

function renderElements(body: Node[], lines: string[], inputs: PlainInput[], actions: Node[]): void {
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
        renderElements(el.items ?? [], lines, inputs, actions);
        break;
      case 'ColumnSet':
        for (const c of el.columns ?? []) renderElements(c.items ?? [], lines, inputs, actions);
        break;
      case 'ActionSet':
        actions.push(...(el.actions ?? []));
        break;
      default:
        if (typeof el.type === 'string' && el.type.startsWith('Input.') && typeof el.id === 'string') inputs.push(inputOf(el));
        else if (typeof el.label === 'string') lines.push(`  [${el.label}]`);
    }
  }
}

function inputOf(el: Node): PlainInput {
  const label = String(el.label ?? el.title ?? el.placeholder ?? el.id);
  const input: PlainInput = { id: el.id, label, required: el.isRequired === true };
  if (el.type === 'Input.ChoiceSet') input.choices = (el.choices ?? []).map((c: Node) => ({ title: String(c.title), value: String(c.value) }));
  if (el.type === 'Input.ChoiceSet' && el.isMultiSelect === true) input.multi = true;
  if (el.type === 'Input.Toggle') {
    input.choices = [
      { title: String(el.title ?? label), value: String(el.valueOn ?? 'true') },
      { title: '—', value: String(el.valueOff ?? 'false') },
    ];
  }
  if (el.value !== undefined && el.value !== '') input.current = String(el.value);
  if (typeof el.maxLength === 'number') input.maxLength = el.maxLength;
  return input;
}

function buttonOf(action: Node, inputs: PlainInput[], lines: string[]): PlainButton[] {
  const title = String(action.title ?? '');
  if (action.type === 'Action.OpenUrl') {
    lines.push(`  ${title}: ${action.url}`);
    return [];
  }
  if (action.type === 'Action.ShowCard') {
    const formLines: string[] = [];
    const buttons = renderCard(action.card ?? {}, formLines, inputs);
    return [{ title, form: { lines: formLines, buttons } }];
  }
  const data = action.data as Node | undefined;
  const imBack = data?.msteams?.type === 'imBack' ? String(data.msteams.value) : undefined;
  if (imBack) return [{ title, text: imBack }];
  const submit: PlainButton = { title, value: { ...data } };
  if (action.type === 'Action.Execute' && typeof action.verb === 'string') submit.verb = action.verb;
  if (inputs.length > 0) submit.inputs = inputs;
  return [submit];
}
