import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '../helpers/db.ts';
import { addUser, startTestServer, type TestServer } from '../helpers/server.ts';
import {
  accountOf,
  createGroup,
  createRecipient,
  insertMonitor,
  otherAccount,
} from './recipients-fixtures.ts';

// Account isolation and role rules of /recipients and /notifier-groups (docs/compatibility.md §3).

const NOT_FOUND = { errors: [{ code: 404, message: 'Record not found' }] };
const FORBIDDEN = {
  errors: [{ code: 403, message: 'forbidden - Your role does not allow this operation.' }],
};

for (const dialect of DIALECTS) {
  describe(`recipients and groups: accounts and roles (${dialect})`, () => {
    let srv: TestServer;
    let token: string;
    let mine: { monitor: number; recipient: number; group: number };
    let theirs: { token: string; monitor: number; recipient: number; group: number };
    before(async () => {
      srv = await startTestServer({ dialect });
      token = await srv.login();
      const monitor = await insertMonitor(srv, await accountOf(srv), 'Mine');
      const recipient = await createRecipient(srv, token, { recipient: 'me@example.com' });
      const group = await createGroup(srv, token, {
        name: 'Mine',
        monitors: [{ id: monitor }],
        recipients: [{ id: recipient }],
      });
      mine = { monitor, recipient, group };

      const other = await otherAccount(srv);
      const theirMonitor = await insertMonitor(srv, other.accountId, 'Theirs');
      const theirRecipient = await createRecipient(srv, other.token, { recipient: 'them@example.com' });
      theirs = {
        token: other.token,
        monitor: theirMonitor,
        recipient: theirRecipient,
        group: await createGroup(srv, other.token, {
          name: 'Theirs',
          monitors: [{ id: theirMonitor }],
          recipients: [{ id: theirRecipient }],
        }),
      };
    });
    after(() => srv.close());

    it("answers another account's recipient or group id exactly like a missing one", async () => {
      const cases: [string, object | undefined][] = [
        ['GET', undefined],
        ['PATCH', { name: 'stolen' }],
        ['DELETE', undefined],
      ];
      for (const path of [
        `/api/v3/recipients/${theirs.recipient}`,
        `/api/v3/notifier-groups/${theirs.group}`,
      ]) {
        for (const [method, body] of cases) {
          const r = await srv.request(method, path, { token, body });
          assert.equal(r.status, 404, `${method} ${path}`);
          assert.deepEqual(r.json, NOT_FOUND);
        }
      }
      const still = await srv.request('GET', `/api/v3/recipients/${theirs.recipient}`, {
        token: theirs.token,
      });
      assert.equal(still.json.name, 'them@example.com');
      const group = await srv.request('GET', `/api/v3/notifier-groups/${theirs.group}`, {
        token: theirs.token,
      });
      assert.equal(group.json.name, 'Theirs');
    });

    it("lists only the caller's rows, whatever the filters", async () => {
      const recipients = (await srv.request('GET', '/api/v3/recipients', { token })).json;
      assert.deepEqual(
        recipients.results.map((r: { id: number }) => r.id),
        [mine.recipient],
      );
      const groups = (await srv.request('GET', '/api/v3/notifier-groups', { token })).json;
      assert.deepEqual(
        groups.results.map((g: { id: number }) => g.id),
        [mine.group],
      );
      for (const q of [`monitor_id=${theirs.monitor}`, `recipient_id=${theirs.recipient}`]) {
        const r = (await srv.request('GET', `/api/v3/notifier-groups?${q}`, { token })).json;
        assert.deepEqual([r.results, r.metadata.resultset.count], [[], 0], q);
      }
    });

    it("refuses another account's monitor or recipient inside a group body with 400", async () => {
      const base = { name: 'Sneaky', monitors: [{ id: mine.monitor }], recipients: [{ id: mine.recipient }] };
      const cases: [object, string][] = [
        [{ monitors: [{ id: theirs.monitor }] }, 'monitors'],
        [{ monitors: [{ id: mine.monitor }, { id: theirs.monitor }] }, 'monitors'],
        [{ recipients: [{ id: theirs.recipient }] }, 'recipients'],
      ];
      for (const [extra, field] of cases) {
        const created = await srv.request('POST', '/api/v3/notifier-groups', {
          token,
          body: { ...base, ...extra },
        });
        assert.equal(created.status, 400);
        assert.deepEqual(created.json.errors[0].fields, [field]);
        const patched = await srv.request('PATCH', `/api/v3/notifier-groups/${mine.group}`, {
          token,
          body: extra,
        });
        assert.equal(patched.status, 400);
        assert.deepEqual(patched.json.errors[0].fields, [field]);
      }
      const group = (await srv.request('GET', `/api/v3/notifier-groups/${mine.group}`, { token })).json;
      assert.deepEqual(
        group.monitors.map((m: { id: number }) => m.id),
        [mine.monitor],
      );
      const count = (await srv.request('GET', '/api/v3/notifier-groups', { token })).json.metadata.resultset
        .count;
      assert.equal(count, 1);
    });

    it("does not show another account's groups or blackouts on a recipient", async () => {
      const r = (await srv.request('GET', `/api/v3/recipients/${mine.recipient}`, { token })).json;
      assert.deepEqual(r.notifier_groups, [String(mine.group)]);
    });

    for (const role of ['READONLY', 'REPORTONLY']) {
      it(`${role}: reads are allowed, every write answers 403 and changes nothing`, async () => {
        const user = await addUser(srv, token, role);
        const list = await srv.request('GET', '/api/v3/recipients', { token: user.token });
        assert.equal(list.status, 200);
        assert.equal(list.json.metadata.__permissions.acl, 1);
        assert.equal(
          (await srv.request('GET', `/api/v3/notifier-groups/${mine.group}`, { token: user.token })).status,
          200,
        );

        const writes: [string, string, object | undefined][] = [
          ['POST', '/api/v3/recipients', { recipient: 'ro@example.com' }],
          ['PATCH', `/api/v3/recipients/${mine.recipient}`, { name: 'ro' }],
          ['DELETE', `/api/v3/recipients/${mine.recipient}`, undefined],
          [
            'POST',
            '/api/v3/notifier-groups',
            { name: 'ro', monitors: [{ id: mine.monitor }], recipients: [{ id: mine.recipient }] },
          ],
          ['PATCH', `/api/v3/notifier-groups/${mine.group}`, { name: 'ro' }],
          ['DELETE', `/api/v3/notifier-groups/${mine.group}`, undefined],
        ];
        for (const [method, path, body] of writes) {
          const r = await srv.request(method, path, { token: user.token, body });
          assert.equal(r.status, 403, `${method} ${path}`);
          assert.deepEqual(r.json, FORBIDDEN);
        }
        const recipient = (await srv.request('GET', `/api/v3/recipients/${mine.recipient}`, { token })).json;
        assert.equal(recipient.name, 'me@example.com');
        const group = (await srv.request('GET', `/api/v3/notifier-groups/${mine.group}`, { token })).json;
        assert.equal(group.name, 'Mine');
        assert.equal(
          (await srv.request('GET', '/api/v3/recipients', { token })).json.metadata.resultset.count,
          1,
        );
      });
    }

    it('POWER-USER may write recipients and groups', async () => {
      const user = await addUser(srv, token, 'POWER-USER');
      const id = await createRecipient(srv, user.token, { recipient: 'power@example.com' });
      const g = await srv.request('PATCH', `/api/v3/notifier-groups/${mine.group}`, {
        token: user.token,
        body: { recipients: [{ id: mine.recipient }, { id }] },
      });
      assert.equal(g.status, 200);
      assert.equal(
        (await srv.request('DELETE', `/api/v3/recipients/${id}`, { token: user.token })).status,
        204,
      );
    });

    it('needs a token', async () => {
      for (const path of ['/api/v3/recipients', '/api/v3/notifier-groups']) {
        assert.equal((await srv.request('GET', path)).status, 401);
        assert.equal((await srv.request('POST', path, { body: {} })).status, 401);
      }
    });
  });
}
