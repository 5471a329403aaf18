import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import {
  canManageUsers,
  canWrite,
  loadSession,
  onSessionExpired,
  saveSession,
  signOut,
  type Session,
} from './api.ts';
import { Account } from './pages/Account.tsx';
import { Board } from './pages/Board.tsx';
import { Detail } from './pages/Detail.tsx';
import { MonitorForm } from './pages/MonitorForm.tsx';
import { PublicStatus } from './pages/PublicStatus.tsx';
import { Resource, type ResourceSpec } from './pages/Resource.tsx';
import { SignIn } from './pages/SignIn.tsx';
import { navigate, onLinkClick, usePath } from './router.ts';
import './styles.css';

const SPECS: Record<string, ResourceSpec> = {
  '/blackouts': {
    title: 'Blackouts',
    path: 'blackouts',
    intro:
      'One-time (from_date – thru_date) or weekly (start_day/start_time – end_day/end_time, persistent) windows.',
    columns: {
      id: 'Id',
      type: 'Type',
      assoc_id: 'Of',
      persistent: 'Weekly',
      from_date: 'From',
      thru_date: 'Thru',
      start_day: 'Start day',
      start_time: 'Start',
      end_day: 'End day',
      end_time: 'End',
      note: 'Note',
    },
  },
  '/recipients': {
    title: 'Recipients',
    path: 'recipients',
    columns: {
      id: 'Id',
      name: 'Name',
      method_description: 'Method',
      recipient: 'Address',
      availability_alert: 'Availability alerts',
    },
  },
  '/groups': {
    title: 'Recipient groups',
    path: 'notifier-groups',
    columns: {
      id: 'Id',
      name: 'Name',
      is_default: 'Default',
      monitors: 'Monitors',
      recipients: 'Recipients',
    },
  },
  '/slas': {
    title: 'SLAs',
    path: 'slas',
    intro: 'Measured values are for the current calendar month.',
    columns: {
      id: 'Id',
      name: 'Name',
      monitor_name: 'Monitor',
      availability: 'Availability goal %',
      measured_availability: 'Measured %',
      response_time: 'Response goal s',
      measured_response_time: 'Measured s',
    },
  },
  '/users': {
    title: 'Users',
    path: 'users',
    key: 'guid',
    columns: {
      email: 'Email',
      first_name: 'First name',
      last_name: 'Last name',
      role: 'Role',
      last_api_access: 'Last API access',
    },
  },
  '/status-pages': {
    title: 'Status pages',
    path: 'status-pages',
    intro: 'Public pages at /status/<slug>, readable without signing in. Only the ADMIN can publish.',
    columns: { id: 'Id', slug: 'Slug', title: 'Title', monitors: 'Monitors', public_url: 'Address' },
  },
};

function Nav(props: { session: Session; path: string; onSignOut(): void }) {
  const links: [string, string][] = [
    ['/', 'Board'],
    ...(canWrite(props.session.role) ? ([['/monitors/new', 'New monitor']] as [string, string][]) : []),
    ['/blackouts', 'Blackouts'],
    ['/recipients', 'Recipients'],
    ['/groups', 'Groups'],
    ['/slas', 'SLAs'],
    ...(canManageUsers(props.session.role) ? ([['/users', 'Users']] as [string, string][]) : []),
    ['/status-pages', 'Status pages'],
    ['/account', 'My account'],
  ];
  return (
    <header class="top">
      <a class="brand" href="/">
        sitewatch
      </a>
      <nav aria-label="Main">
        <ul>
          {links.map(([href, text]) => (
            <li key={href}>
              <a href={href} aria-current={props.path === href ? 'page' : undefined}>
                {text}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <span class="who">
        <span>
          {props.session.email} ({props.session.role})
        </span>
        <button onClick={props.onSignOut}>Sign out</button>
      </span>
    </header>
  );
}

function Page(props: { path: string; session: Session; onSignedOut(): void }) {
  const { path, session } = props;
  const writer = canWrite(session.role);
  let m: RegExpMatchArray | null;
  if (path === '/') return <Board />;
  if (path === '/monitors/new' && writer) return <MonitorForm mode="new" />;
  if ((m = path.match(/^\/monitors\/(\d+)\/(edit|clone)$/)) && writer)
    return <MonitorForm mode={m[2] as 'edit' | 'clone'} id={m[1]!} />;
  if ((m = path.match(/^\/monitors\/(\d+)$/))) return <Detail id={m[1]!} session={session} />;
  if (path === '/account') return <Account session={session} onSignedOut={props.onSignedOut} />;
  const spec = SPECS[path];
  if (spec && (path !== '/users' || canManageUsers(session.role))) {
    const writable = path === '/status-pages' ? session.role === 'ADMIN' : path === '/users' || writer;
    return <Resource spec={spec} writable={writable} />;
  }
  return (
    <>
      <h1>Not found</h1>
      <p>
        Nothing here. <a href="/">Back to the board</a>.
      </p>
    </>
  );
}

function App() {
  const path = usePath();
  const [session, setSession] = useState<Session | null>(loadSession);
  const [expired, setExpired] = useState(false);
  useEffect(() => {
    onSessionExpired(() => {
      setSession(null);
      setExpired(true);
    });
  }, []);
  useEffect(() => {
    document.title = session ? 'sitewatch' : 'Sign in · sitewatch';
  }, [session, path]);

  const status = path.match(/^\/status\/([^/]+)\/?$/);
  if (status) return <PublicStatus slug={decodeURIComponent(status[1]!)} />;
  if (!session)
    return (
      <SignIn
        expired={expired}
        onSignedIn={(s) => {
          setExpired(false);
          setSession(s);
        }}
      />
    );
  const out = async () => {
    await signOut().catch(() => saveSession(null));
    setSession(null);
    navigate('/', true);
  };
  const forget = () => {
    saveSession(null);
    setSession(null);
  };
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <Nav session={session} path={path} onSignOut={out} />
      <main id="main" tabIndex={-1}>
        <Page path={path} session={session} onSignedOut={forget} />
      </main>
    </>
  );
}

document.addEventListener('click', onLinkClick);
render(<App />, document.getElementById('app')!);
