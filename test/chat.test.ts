// The console chat: same bot, same store, in a terminal (stdin/stdout), with numbered buttons.
import { expect } from 'chai';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, tempDir } from './harness/botProcess.js';
import { acquireLock } from '../src/store/lock.js';

/** A console chat session driven line by line, waiting for the bot's output in between. */
class ChatSession {
  out = '';
  err = '';
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcessWithoutNullStreams;

  constructor(args: string[], dataDir: string) {
    this.child = spawn(process.execPath, ['--import', 'tsx', 'scripts/chat.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'development', DATA_DIR: dataDir, ROSTER_FILE: '', ALLOWED_TENANTS: '' },
    });
    this.child.stdout.on('data', (d: Buffer) => (this.out += d.toString()));
    this.child.stderr.on('data', (d: Buffer) => (this.err += d.toString()));
    this.exited = new Promise((resolve) => this.child.once('exit', resolve));
  }

  /** Sends a line and resolves once the output after it matches `until`. */
  async say(line: string, until: RegExp): Promise<string> {
    const from = this.out.length;
    this.child.stdin.write(line + '\n');
    const deadline = Date.now() + 15000;
    while (!until.test(this.out.slice(from))) {
      if (Date.now() > deadline) throw new Error(`no ${until} after "${line}":\n${this.out.slice(from)}\n${this.err}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return this.out.slice(from);
  }

  /** Resolves once the output from `from` on matches `until` (for messages that arrive on their own). */
  async waitFor(until: RegExp, from = 0): Promise<string> {
    const deadline = Date.now() + 15000;
    while (!until.test(this.out.slice(from))) {
      if (Date.now() > deadline) throw new Error(`no ${until}:\n${this.out.slice(from)}\n${this.err}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return this.out.slice(from);
  }

  /** The number of the last button titled `title` in `output`. */
  static button(output: string, title: string): string {
    const numbers = [...output.matchAll(/\[(\d+)\] (.+)/g)].filter((m) => m[2] === title).map((m) => m[1]!);
    if (numbers.length === 0) throw new Error(`no button "${title}" in:\n${output}`);
    return numbers.at(-1)!;
  }

  async end(): Promise<number | null> {
    this.child.stdin.end();
    return this.exited;
  }
}

describe('console chat (npm run chat)', function () {
  this.timeout(40000);

  it('welcomes, shows the menu with numbered buttons, presses one, and runs an admin dialog into the same store', async () => {
    const dataDir = tempDir('lotse-chat-');
    const chat = new ChatSession(['--as', 'demo-admin'], dataDir);
    const menu = await chat.say('hilfe', /Wer bin ich\?/);
    const button = /\[(\d+)\] Wer bin ich\?/.exec(menu)?.[1];
    expect(button, menu).to.be.a('string');
    expect(await chat.say(button!, /Ihre Kennung/)).to.contain('Ihre Kennung: demo-admin');
    expect(await chat.say('rolle setzen demo-x officer Werl', /Gespeichert/)).to.contain('demo-x ist jetzt Integrationsbeauftragte/r (JVA Werl)');
    expect(await chat.end(), chat.err).to.equal(0);
    expect(chat.out).to.contain('Willkommen beim Integrationslotsen');
    const store = JSON.parse(readFileSync(path.join(dataDir, 'store.json'), 'utf8'));
    expect(store.data.roleAssignments['demo-x']).to.include({ role: 'officer', institutionId: 'jva-werl' });
  });

  it('speaks English with --lang en, and refuses a DATA_DIR in use', async () => {
    const dataDir = tempDir('lotse-chat-');
    const chat = new ChatSession(['--lang', 'en'], dataDir);
    expect(await chat.say('help', /What would you like to do\?/)).to.contain('What would you like to do?');
    expect(await chat.end(), chat.err).to.equal(0);
    const lock = await acquireLock(dataDir);
    try {
      const busy = new ChatSession([], dataDir);
      expect(await busy.exited).to.equal(1);
      expect(busy.err).to.contain('is in use by process');
    } finally {
      await lock.release();
    }
  });
});

describe('console chat: the whole handover between two users in one process', function () {
  this.timeout(60000);
  const SUMMARY = 'Bitte Beratung zur Krisenintervention, der Gefangene wirkt sehr belastet.';
  const QUESTION = 'Ist der psychologische Dienst schon eingebunden?';
  const ANSWER = 'Ja, ein Termin ist für morgen vereinbart.';
  const NOTE = 'Beraten, der psychologische Dienst ist eingebunden.';

  it('officer escalates → coordinator asks back in the sub-form → officer answers in the sub-form → coordinator closes', async () => {
    const dataDir = tempDir('lotse-chat-');
    const chat = new ChatSession(['--as', 'demo-officer-jva,demo-coordinator'], dataDir);
    // ---- The officer escalates; the coordinator is not active, so the case waits for them. ----
    await chat.say('eskalieren', /Worum geht es\?/);
    await chat.say('Krisenintervention', /Wie dringend/);
    await chat.say('normal', /Beschreiben Sie den Fall/);
    await chat.say(SUMMARY, /Aktenzeichen/);
    await chat.say('ohne', /Bitte prüfen und senden/);
    let mark = chat.out.length;
    const sent = await chat.say('senden', /Gesendet: ESK-\d{4}-0001/);
    const id = /ESK-\d{4}-0001/.exec(sent)![0];
    await chat.waitFor(/\(Neue Nachricht für demo-coordinator – „\/als demo-coordinator“ zeigt sie\.\)/, mark);

    // ---- Switch: the coordinator sees the kept case card, labelled, and asks back through the sub-form. ----
    const coordinatorView = await chat.say('/als demo-coordinator', new RegExp(`→ demo-coordinator: == ${id} · Krisenintervention ==[\\s\\S]*Rückfrage …`));
    expect(coordinatorView).to.contain('— Sie sind jetzt „demo-coordinator“. —').and.contain(`→ demo-coordinator: ${SUMMARY}`);
    expect(coordinatorView, 'who sent it, by name (issue 12 item 5)').to.contain('Gemeldet von: Demo: Integrationsbeauftragte/r JVA Köln (JVA Köln)').and.not.contain('demo-officer-jva (');
    const form = await chat.say(ChatSession.button(coordinatorView, 'Rückfrage …'), /\? Ihre Rückfrage/);
    expect(form).to.contain('Rückfrage: Bitte füllen Sie die Felder nacheinander aus').and.not.contain('nicht verstanden');
    expect(await chat.say('', /Dieses Feld ist nötig\.\n\? Ihre Rückfrage/), 'a required field is asked again').to.not.contain('unterwegs');
    mark = chat.out.length;
    const asked = await chat.say(QUESTION, /ist unterwegs[\s\S]*Bearbeitung/);
    expect(asked).to.contain(`Ihre Rückfrage zu ${id} ist unterwegs.`);
    expect(asked, 'a name, never an id (issue 12 item 5)').to.contain('Bearbeitung: Demo: Koordinierungsstelle Integration').and.not.contain('Bearbeitung: demo-coordinator');
    await chat.waitFor(/\(Neue Nachricht für demo-officer-jva/, mark);

    // ---- Back to the officer: the question is there; the answer goes through the card's sub-form. ----
    const officerView = await chat.say('/als demo-officer-jva', new RegExp(`→ demo-officer-jva: [^\\n]*Rückfrage[\\s\\S]*${QUESTION}[\\s\\S]*Antworten …`));
    await chat.say(ChatSession.button(officerView, 'Antworten …'), /\? Ihre Antwort/);
    mark = chat.out.length;
    expect(await chat.say(ANSWER, /ist unterwegs/)).to.contain(`Ihre Antwort zu ${id} ist unterwegs.`);
    await chat.waitFor(/\(Neue Nachricht für demo-coordinator/, mark);

    // ---- The coordinator reads the answer and closes the case. ----
    mark = chat.out.length;
    await chat.say('/als demo-coordinator', new RegExp(`→ demo-coordinator: ${ANSWER}`));
    const withAnswer = await chat.waitFor(new RegExp(`${ANSWER}[\\s\\S]*Erledigen …`), mark);
    await chat.say(ChatSession.button(withAnswer, 'Erledigen …'), /\? Ergebnis/);
    expect(await chat.say(NOTE, /Status: erledigt/)).not.to.contain('inzwischen geändert');
    mark = chat.out.length;
    expect(await chat.say('/als demo-officer-jva', /→ demo-officer-jva: [\s\S]*erledigt/)).to.contain(id);

    expect(await chat.end(), chat.err).to.equal(0);
    expect(chat.out, 'no log line between chat lines').not.to.match(/"level":/);
    expect(chat.err).not.to.match(/"level":/);
    expect(readFileSync(path.join(dataDir, 'chat.log'), 'utf8')).to.contain('"event":"escalation.created"');
    const cases = JSON.parse(readFileSync(path.join(dataDir, 'escalations.json'), 'utf8')).data.cases;
    const thread = cases[id].thread.map((e: { kind: string; text: string }) => `${e.kind}: ${e.text}`);
    expect(cases[id].status).to.equal('erledigt');
    expect(thread.join('\n')).to.contain(QUESTION).and.contain(ANSWER).and.contain(NOTE);
  });
});

describe('console chat: a card form asks its fields one by one', function () {
  this.timeout(40000);

  it('"Kontakt hinzufügen": name, kind (Enter keeps), topics (several), e-mail → saved in the directory', async () => {
    const dataDir = tempDir('lotse-chat-');
    const chat = new ChatSession(['--as', 'demo-officer-jva'], dataDir);
    const form = await chat.say('kontakte neu', /\[1\] Speichern/);
    expect(form).to.contain('Neuer Kontakt');
    expect(await chat.say('1', /\? Name/)).to.contain('Speichern: Bitte füllen Sie die Felder nacheinander aus');
    expect(await chat.say('Sozialdienst Beispiel', /\? Art/)).to.contain('(Enter behält „Funktion“)');
    await chat.say('', /\? Einrichtung/);
    await chat.say('', /\? Ort/);
    expect(await chat.say('', /\? Themen[\s\S]*\(7\) Krisenintervention/)).to.contain('mehrere mit Komma');
    expect(await chat.say('1, 99', /Nummer von 1 bis \d+/), 'a wrong number is asked again').to.contain('? Themen');
    await chat.say('1, 7', /\? Sprachen/);
    await chat.say('', /\? E-Mail/);
    await chat.say('sozialdienst@example.org', /\? Telefon/);
    await chat.say('', /\? Webseite/);
    await chat.say('', /\? Hinweise/);
    const saved = await chat.say('', /Gespeichert/);
    expect(saved).to.contain('Themen: Integration, Krisenintervention').and.not.contain('nicht verstanden');
    expect(await chat.end(), chat.err).to.equal(0);
    expect(readFileSync(path.join(dataDir, 'directory.json'), 'utf8')).to.contain('sozialdienst@example.org');
  });
});
