import { useState } from 'preact/hooks';
import { signIn, type Session } from '../api.ts';

/** Sign-in form: POST /api/v3/access-tokens. */
export function SignIn(props: { onSignedIn(s: Session): void; expired: boolean }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      props.onSignedIn(await signIn(email, password));
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <main id="main" class="signin">
      <h1>Sign in to sitewatch</h1>
      {props.expired ? (
        <p class="alert error" role="alert">
          Your session ended. Please sign in again.
        </p>
      ) : null}
      <form onSubmit={submit}>
        {error ? (
          <p class="alert error" role="alert">
            {error}
          </p>
        ) : null}
        <div class="field">
          <label for="email">Email</label>
          <input
            id="email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onInput={(e) => setEmail((e.target as HTMLInputElement).value)}
          />
        </div>
        <div class="field">
          <label for="password">Password</label>
          <input
            id="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword((e.target as HTMLInputElement).value)}
          />
        </div>
        <button class="primary" type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
