import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConversationState, TestAdapter } from 'botbuilder';
import { StoreStateStorage } from '../src/bot/stateStorage.js';
import { rejects, tempDirPerTest } from './harness/tempFiles.js';

let file: string;
/** Fresh temp dir per test (inside a describe). */
const useTempDir = () => tempDirPerTest('ilotse-state-', (dir) => (file = path.join(dir, 'state.json')));

const hashFile = async (f: string) => createHash('sha256').update(await readFile(f)).digest('hex');

describe('StoreStateStorage', () => {
  useTempDir();

  it('read / write / delete round trip across reopen', async () => {
    const s1 = await StoreStateStorage.open(file);
    await s1.write({ 'msteams/conversations/c1': { step: 2, nested: { list: [1, 2] } } });
    const read1 = await s1.read(['msteams/conversations/c1', 'missing']);
    expect(Object.keys(read1)).to.deep.equal(['msteams/conversations/c1']);
    const item = read1['msteams/conversations/c1'];
    expect(item).to.deep.include({ step: 2, nested: { list: [1, 2] } });
    expect(item.eTag).to.be.a('string').and.not.equal('');
    await s1.close();

    const s2 = await StoreStateStorage.open(file);
    expect(await s2.read(['msteams/conversations/c1'])).to.deep.equal(read1);
    await s2.delete(['msteams/conversations/c1', 'missing']);
    await s2.close();

    const s3 = await StoreStateStorage.open(file);
    expect(await s3.read(['msteams/conversations/c1'])).to.deep.equal({});
  });

  it('returns and stores deep copies', async () => {
    const s = await StoreStateStorage.open(file);
    const value = { list: [1] };
    await s.write({ k: value });
    value.list.push(2);
    const read = await s.read(['k']);
    read.k.list.push(3);
    expect((await s.read(['k'])).k.list).to.deep.equal([1]);
  });

  it('a stale eTag is rejected and nothing changes; the current eTag and "*" succeed', async () => {
    const s = await StoreStateStorage.open(file);
    await s.write({ k: { v: 1 } });
    const { k: first } = await s.read(['k']);
    await s.write({ k: { ...first, v: 2 } }); // current eTag
    const bytes = await hashFile(file);

    const err = await rejects(s.write({ k: { ...first, v: 3 } })); // stale eTag
    expect(err.message).to.include('eTag conflict');
    expect((await s.read(['k'])).k.v).to.equal(2);
    expect(await hashFile(file)).to.equal(bytes);

    await s.write({ k: { v: 4, eTag: '*' } });
    const { k: latest } = await s.read(['k']);
    expect(latest.v).to.equal(4);
    expect(latest.eTag).to.not.equal(first.eTag);
  });

  it('a write of several changes is all-or-nothing', async () => {
    const s = await StoreStateStorage.open(file);
    await s.write({ a: { v: 1 }, b: { v: 1 } });
    const { a, b } = await s.read(['a', 'b']);
    await s.write({ b: { ...b, v: 2 } }); // b's eTag moves on
    const err = await rejects(s.write({ a: { ...a, v: 9 }, b: { ...b, v: 9 }, c: { v: 9 } }));
    expect(err.message).to.include('eTag conflict');
    const after = await s.read(['a', 'b', 'c']);
    expect([after.a.v, after.b.v, after.c]).to.deep.equal([1, 2, undefined]);
    await s.close();
    const reopened = await StoreStateStorage.open(file);
    expect(Object.keys(await reopened.read(['a', 'b', 'c']))).to.deep.equal(['a', 'b']);
  });

  it('a conflict does not disturb a concurrent write of another key', async () => {
    const s = await StoreStateStorage.open(file);
    await s.write({ a: { v: 1 } });
    const { a } = await s.read(['a']);
    await s.write({ a: { v: 2, eTag: '*' } });
    const [ok, conflict] = await Promise.allSettled([s.write({ other: { v: 1 } }), s.write({ a: { ...a, v: 3 } })]);
    expect(ok.status).to.equal('fulfilled');
    expect(conflict.status).to.equal('rejected');
    expect((await s.read(['other'])).other.v).to.equal(1);
  });

  it('keys that name Object.prototype members are plain keys', async () => {
    const s = await StoreStateStorage.open(file);
    expect(await s.read(['constructor', 'toString'])).to.deep.equal({});
    const key: string = 'constructor';
    await s.write({ [key]: { v: 1 } });
    expect((await s.read([key]))[key].v).to.equal(1);
    expect(await rejects(s.write(JSON.parse('{"__proto__":{"v":1}}')))).to.be.instanceOf(Error);
  });

  it('works as botbuilder ConversationState storage across a restart', async () => {
    const run = async (expected: number) => {
      const storage = await StoreStateStorage.open(file);
      const convo = new ConversationState(storage);
      const count = convo.createProperty<number>('count');
      const adapter = new TestAdapter(async (ctx) => {
        const n = (await count.get(ctx, 0)) + 1;
        await count.set(ctx, n);
        await convo.saveChanges(ctx);
        await ctx.sendActivity(`n=${n}`);
      });
      await adapter.send('hi').assertReply(`n=${expected}`);
      await adapter.send('hi').assertReply(`n=${expected + 1}`);
      await storage.close();
    };
    await run(1);
    await run(3);
  });
});
