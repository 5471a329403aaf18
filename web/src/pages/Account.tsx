import { useState } from 'preact/hooks';
import { api, type Session } from '../api.ts';
import { fieldErrors } from '../components/Fields.tsx';

/**
 * The signed-in user's own password. The API changes passwords through PATCH /users/{guid}, which
 * only ADMIN and CO-ADMIN may call; other roles are told to ask them.
 */
export function Account(props: { session: Session; onSignedOut(): void }) {
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState('');
  const [done, setDone] = useState(false);
  async function submit(e: Event) {
    e.preventDefault();
    setError('');
    if (password !== repeat) return setError('The two passwords differ.');
    try {
      await api('PATCH', `users/${props.session.guid}`, { password });
      setDone(true);
      // A new password revokes the user's tokens: sign in again with it.
      setTimeout(props.onSignedOut, 1500);
    } catch (err) {
      setError(fieldErrors(err).general);
    }
  }
  return (
    <>
      <h1>My account</h1>
      <p>
        Signed in as <b>{props.session.email}</b> ({props.session.role}).
      </p>
      <h2>Change password</h2>
      {!props.session.guid ? (
        <p>Only an ADMIN or CO-ADMIN can change passwords in this version: ask one of them.</p>
      ) : done ? (
        <p class="alert ok" role="status">
          Password changed. Sign in again with the new one.
        </p>
      ) : (
        <form onSubmit={submit} noValidate>
          {error ? (
            <p class="alert error" role="alert">
              {error}
            </p>
          ) : null}
          <div class={`field${error ? ' invalid' : ''}`}>
            <label for="pw1">New password</label>
            <input
              id="pw1"
              type="password"
              autoComplete="new-password"
              value={password}
              onInput={(e) => setPassword((e.target as HTMLInputElement).value)}
            />
          </div>
          <div class="field">
            <label for="pw2">Repeat it</label>
            <input
              id="pw2"
              type="password"
              autoComplete="new-password"
              value={repeat}
              onInput={(e) => setRepeat((e.target as HTMLInputElement).value)}
            />
          </div>
          <button class="primary" type="submit">
            Change password
          </button>
        </form>
      )}
    </>
  );
}
