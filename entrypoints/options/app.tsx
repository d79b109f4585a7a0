import { useEffect, useId, useState } from 'preact/hooks';
import { BotPicker } from '../../components/bot-row';
import { ModeMark } from '../../components/mode-mark';
import { RiskSection } from '../../components/risk-settings';
import { describeSecretProblem, extractSecret } from '../../lib/api/redact';
import { TICKER } from '../../lib/bots/binding';
import type { ReplyMap, Request, Settings, ViewState } from '../../lib/messaging/protocol';
import { BotBindingsSetting } from './bindings';
import { ChartSitesSetting } from './chart-sites';

export type Ask = <R extends Request>(request: R) => Promise<ReplyMap[R['type']]>;
type SettingsPatch = Extract<Request, { type: 'settings.update' }>['patch'];

const DAY_MS = 86_400_000;

const HEX_SECRET = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The settings a patch changed, in the trader's words, for the "Saved: …" line. */
export function savedWhat(patch: SettingsPatch): string {
  const names: Record<string, string> = {
    budgetShare: 'rate-budget share',
    oneClickLive: 'one-click trading in Live',
    defaultBot: 'default bot',
    timeZone: 'platform time zone',
    rotateAfterDays: 'rotation reminder',
    symbolMap: 'symbol mapping',
  };
  const keys = Object.keys(patch);
  return keys.length === 0 ? 'nothing changed' : keys.map((k) => names[k] ?? k).join(', ');
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** How old the secret is and whether it is time to rotate it (the contract recommends every 90 days). */
export function secretAge(savedAt: number | null, rotateAfterDays: number, now: number) {
  if (savedAt === null) return null;
  const days = Math.max(0, Math.floor((now - savedAt) / DAY_MS));
  return { days, due: days >= rotateAfterDays };
}

function ConnectionSection({
  view,
  ask,
  onState,
}: {
  view: ViewState;
  ask: Ask;
  onState: (state: ViewState) => void;
}) {
  const secretId = useId();
  const hintId = useId();
  const sessionId = useId();
  const liveWhyId = useId();
  const [secret, setSecret] = useState('');
  const [shown, setShown] = useState(false);
  const [sessionOnly, setSessionOnly] = useState(view.secretSessionOnly);
  const [busy, setBusy] = useState<null | 'test' | 'save' | 'forget' | 'mode'>(null);
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const [askLive, setAskLive] = useState(false);
  const typed = extractSecret(secret);
  const problem = secret === '' ? null : describeSecretProblem(typed);
  const typedValid = secret !== '' && problem === null;
  // The contract promises only the 8-4-4-4-12 shape; the secrets it issues are hexadecimal. Another
  // letter is not refused (the account decides), but it is not called right either.
  const typedHex = typedValid && HEX_SECRET.test(typed);
  const age = secretAge(view.secretSavedAt, view.settings.rotateAfterDays, Date.now());
  // Two elements rather than a switched `type`, which the JSX types refuse for password inputs.
  const secretInput = {
    id: secretId,
    class: 'ct-input ct-mono ct-secret__input',
    autocomplete: 'off',
    spellcheck: false,
    placeholder: view.hasSecret
      ? 'Paste a new secret to replace the saved one'
      : 'xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx',
    value: secret,
    'aria-invalid': problem ? true : undefined,
    'aria-describedby': hintId,
    onInput: (e: Event) => setSecret((e.currentTarget as HTMLInputElement).value),
  };

  const run = async (kind: NonNullable<typeof busy>, action: () => Promise<void>) => {
    setBusy(kind);
    setMessage(null);
    try {
      await action();
    } catch (error) {
      setMessage({ tone: 'error', text: errorText(error) });
    } finally {
      setBusy(null);
    }
  };

  const test = () =>
    run('test', async () => {
      const reply = await ask({ type: 'connection.test', ...(typedValid ? { secret: typed } : {}) });
      if (reply.ok) {
        const bots = reply.bots === undefined ? '' : ` · ${reply.bots} bot${reply.bots === 1 ? '' : 's'}`;
        setMessage({ tone: 'ok', text: `Connected as ${reply.user ?? 'this account'}${bots}.` });
      } else {
        setMessage({ tone: 'error', text: reply.error?.message ?? 'The connection test failed.' });
      }
    });

  const save = () =>
    run('save', async () => {
      const reply = await ask({ type: 'connection.saveSecret', secret: typed, sessionOnly });
      if ('error' in reply) {
        setMessage({ tone: 'error', text: reply.error });
        return;
      }
      onState(reply);
      // The typed secret is dropped from the page as soon as the background holds it.
      setSecret('');
      setShown(false);
      setMessage({
        tone: 'ok',
        text: sessionOnly ? 'Secret saved for this browser session only.' : 'Secret saved on this browser.',
      });
    });

  const forget = () =>
    run('forget', async () => {
      onState(await ask({ type: 'connection.forgetSecret' }));
      setMessage({ tone: 'ok', text: 'Secret forgotten. Paper mode is unaffected.' });
    });

  const setMode = (mode: 'paper' | 'live') =>
    run('mode', async () => {
      onState(await ask({ type: 'connection.setMode', mode }));
      setAskLive(false);
      setMessage({
        tone: 'ok',
        text: mode === 'live' ? 'Live: orders now go to your broker.' : 'Paper: orders are simulated again.',
      });
    });

  return (
    <section class="ct-card" aria-labelledby="connection-h">
      <h2 id="connection-h">Connection</h2>
      <p class="ct-muted" data-testid="secret-status">
        {view.hasSecret
          ? `A secret is saved${view.secretSessionOnly ? ' for this browser session only' : ' on this browser'}${
              age ? ` · ${age.days} day${age.days === 1 ? '' : 's'} old` : ''
            }.`
          : 'No secret saved. Paper mode works without one.'}
      </p>
      {age?.due ? (
        <p class="ct-warn" role="alert" data-testid="rotation-reminder">
          Your secret is {age.days} days old. The API recommends changing it every{' '}
          {view.settings.rotateAfterDays} days: make a new one in your Options Auto Trader profile, then paste
          it here.
        </p>
      ) : null}
      <div class="ct-field">
        <label for={secretId}>Secret</label>
        <div class="ct-secret">
          {shown ? <input type="text" {...secretInput} /> : <input type="password" {...secretInput} />}
          <button
            type="button"
            class="ct-btn"
            aria-pressed={shown}
            aria-label={shown ? 'Hide secret' : 'Show secret'}
            onClick={() => setShown(!shown)}
          >
            {shown ? 'Hide' : 'Show'}
          </button>
        </div>
        <p id={hintId} class={problem ? 'ct-field-error' : 'ct-muted ct-hint'} data-testid="secret-hint">
          {problem ??
            (typedHex
              ? 'Looks right: 8-4-4-4-12.'
              : typedValid
                ? 'The shape is 8-4-4-4-12, but secrets are hexadecimal (0-9, a-f) and this has other letters: check you copied the right one. Test connection tells for sure.'
                : '36 characters, 8-4-4-4-12, from your profile.')}
        </p>
      </div>
      <label class="ct-check" for={sessionId}>
        <input
          id={sessionId}
          type="checkbox"
          checked={sessionOnly}
          onChange={(e) => setSessionOnly(e.currentTarget.checked)}
        />
        Keep for this browser session only
      </label>
      <div class="ct-actions">
        <button
          type="button"
          class="ct-btn"
          disabled={busy !== null || (!typedValid && !view.hasSecret)}
          onClick={() => void test()}
        >
          Test connection
        </button>
        <button
          type="button"
          class="ct-btn ct-btn--primary"
          disabled={busy !== null || !typedValid}
          onClick={() => void save()}
        >
          Save secret
        </button>
        <button
          type="button"
          class="ct-btn ct-btn--danger"
          disabled={busy !== null || !view.hasSecret}
          onClick={() => void forget()}
        >
          Forget secret
        </button>
      </div>
      {busy === null && !typedValid ? (
        <p class="ct-muted ct-hint" data-testid="connection-disabled-why">
          {view.hasSecret
            ? 'Save secret needs a new secret of the right shape pasted above; Test connection tests the saved one.'
            : 'Test connection and Save secret need a secret of the right shape pasted above. Forget secret: none is saved.'}
        </p>
      ) : null}
      {busy === 'test' ? <p class="ct-muted">Testing… (one request from your budget)</p> : null}
      {message ? (
        <p
          class={message.tone === 'ok' ? 'ct-ok' : 'ct-field-error'}
          role="status"
          data-testid="connection-message"
        >
          {message.text}
        </p>
      ) : null}

      <h3>Mode</h3>
      <p>
        <ModeMark mode={view.mode} />{' '}
        {view.mode === 'live'
          ? 'Orders go to your broker through Options Auto Trader.'
          : 'Orders are simulated in your browser; nothing is sent.'}
      </p>
      {view.mode === 'paper' ? (
        askLive ? (
          <fieldset class="ct-warn">
            <legend class="ct-visually-hidden">Switch to Live</legend>
            <p>
              In Live, every Enter, Exit, Trim and Close sends a real order to your broker. Switch to Live?
            </p>
            <div class="ct-actions">
              <button type="button" class="ct-btn" onClick={() => setAskLive(false)}>
                Cancel
              </button>
              <button
                type="button"
                class="ct-btn ct-btn--live"
                disabled={busy !== null}
                onClick={() => void setMode('live')}
              >
                Confirm
              </button>
            </div>
          </fieldset>
        ) : (
          <div class="ct-actions">
            <button
              type="button"
              class="ct-btn ct-btn--live"
              disabled={busy !== null || !view.hasSecret}
              aria-describedby={view.hasSecret ? undefined : liveWhyId}
              onClick={() => setAskLive(true)}
            >
              Switch to Live
            </button>
            {view.hasSecret ? null : (
              <span id={liveWhyId} class="ct-muted ct-hint" data-testid="live-disabled-why">
                Save your secret first: Live needs it.
              </span>
            )}
          </div>
        )
      ) : (
        <button type="button" class="ct-btn" disabled={busy !== null} onClick={() => void setMode('paper')}>
          Back to Paper
        </button>
      )}
    </section>
  );
}

function NumberSetting({
  label,
  hint,
  value,
  min,
  max,
  onSave,
}: {
  label: string;
  hint: string;
  value: number;
  min: number;
  max: number;
  /** Resolves true once the background holds the new value. */
  onSave: (n: number) => Promise<boolean>;
}) {
  const id = useId();
  const hintId = useId();
  const [text, setText] = useState(String(value));
  // What the last commit did, said beside the field: a reload must never be the way to find out.
  const [outcome, setOutcome] = useState<'saved' | 'not-saved' | null>(null);
  useEffect(() => setText(String(value)), [value]);
  const n = Number(text);
  const valid = /^\d+$/.test(text.trim()) && n >= min && n <= max;
  const commit = () => {
    if (!valid) {
      setOutcome('not-saved');
      return;
    }
    if (n === value) return;
    void onSave(n).then((ok) => setOutcome(ok ? 'saved' : 'not-saved'));
  };
  return (
    <div class="ct-field">
      <label for={id}>{label}</label>
      <input
        id={id}
        class="ct-input ct-number"
        type="number"
        min={min}
        max={max}
        step={1}
        value={text}
        aria-invalid={valid ? undefined : true}
        aria-describedby={hintId}
        onInput={(e) => {
          setText(e.currentTarget.value);
          setOutcome(null);
        }}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
      />
      <p
        id={hintId}
        class={valid && outcome !== 'not-saved' ? 'ct-muted ct-hint' : 'ct-field-error'}
        data-testid="number-hint"
      >
        {valid
          ? outcome === 'saved'
            ? `Saved: ${value}. ${hint}`
            : outcome === 'not-saved'
              ? `Not saved: the saved value is still ${value}.`
              : hint
          : `A whole number from ${min} to ${max}.${
              outcome === 'not-saved' ? ` Not saved: the saved value is still ${value}.` : ''
            }`}
      </p>
    </div>
  );
}

function OneClickSetting({ settings, onPatch }: { settings: Settings; onPatch: (p: SettingsPatch) => void }) {
  const toggleId = useId();
  const ackId = useId();
  const [asking, setAsking] = useState(false);
  const [acknowledged, setAcknowledged] = useState(false);
  return (
    <div class="ct-field">
      <label class="ct-check" for={toggleId}>
        <input
          id={toggleId}
          type="checkbox"
          checked={settings.oneClickLive}
          onChange={(e) => {
            if (e.currentTarget.checked) {
              // Not on yet: it needs the acknowledgement below first.
              e.currentTarget.checked = false;
              setAsking(true);
            } else {
              setAsking(false);
              onPatch({ oneClickLive: false });
            }
          }}
        />
        One-click trading in Live (no confirmation)
      </label>
      {asking && !settings.oneClickLive ? (
        <fieldset class="ct-warn">
          <legend class="ct-visually-hidden">Turn on one-click trading</legend>
          <label class="ct-check" for={ackId}>
            <input
              id={ackId}
              type="checkbox"
              checked={acknowledged}
              onChange={(e) => setAcknowledged(e.currentTarget.checked)}
            />
            I understand that in Live a single click sends a real order to my broker, with no confirmation.
          </label>
          <div class="ct-actions">
            <button
              type="button"
              class="ct-btn"
              onClick={() => {
                setAsking(false);
                setAcknowledged(false);
              }}
            >
              Cancel
            </button>
            <button
              type="button"
              class="ct-btn ct-btn--live"
              disabled={!acknowledged}
              onClick={() => {
                onPatch({ oneClickLive: true });
                setAsking(false);
                setAcknowledged(false);
              }}
            >
              Turn on one-click
            </button>
          </div>
        </fieldset>
      ) : null}
      <p class="ct-muted ct-hint">Off by default. Paper is always one-click.</p>
    </div>
  );
}

/** Why a mapping cannot be saved, or null. The chart ticker may carry its exchange (`CME_MINI:ES1!`). */
export function symbolMapProblem(ticker: string, underlying: string): string | null {
  if (ticker === '' || underlying === '') return 'Type the chart ticker and the underlying to trade.';
  if (/\s/.test(ticker) || /\s/.test(underlying)) return 'Tickers have no spaces inside.';
  if (ticker.length > 64) return 'The chart ticker is at most 64 characters.';
  if (!TICKER.test(underlying)) return 'The underlying is one ticker: letters, digits and a dot, e.g. SPY.';
  const bare = ticker.includes(':') ? ticker.slice(ticker.indexOf(':') + 1) : ticker;
  if (bare === underlying) return `${underlying} already trades as itself: no mapping needed.`;
  return null;
}

function SymbolMapSetting({
  map,
  onPatch,
}: {
  map: Record<string, string>;
  onPatch: (p: SettingsPatch) => void;
}) {
  const tickerId = useId();
  const underlyingId = useId();
  const [ticker, setTicker] = useState('');
  const [underlying, setUnderlying] = useState('');
  const entries = Object.entries(map).sort(([a], [b]) => a.localeCompare(b));
  const t = ticker.trim().toUpperCase();
  const u = underlying.trim().toUpperCase();
  const problem = symbolMapProblem(t, u);
  const valid = problem === null;
  const add = () => {
    if (!valid) return;
    onPatch({ symbolMap: { ...map, [t]: u } });
    setTicker('');
    setUnderlying('');
  };
  return (
    <div class="ct-field">
      <table class="ct-table">
        <caption class="ct-muted">Chart ticker → underlying to trade (e.g. ES1! → SPY)</caption>
        <thead>
          <tr>
            <th scope="col">Chart ticker</th>
            <th scope="col">Underlying</th>
            <th scope="col">
              <span class="ct-visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {entries.length === 0 ? (
            <tr>
              <td colSpan={3} class="ct-muted">
                No mappings: every chart trades its own ticker.
              </td>
            </tr>
          ) : (
            entries.map(([from, to]) => (
              <tr key={from}>
                <td class="ct-mono">{from}</td>
                <td class="ct-mono">{to}</td>
                <td>
                  <button
                    type="button"
                    class="ct-btn ct-btn--small"
                    aria-label={`Remove mapping ${from}`}
                    onClick={() => {
                      const next = { ...map };
                      delete next[from];
                      onPatch({ symbolMap: next });
                    }}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            ))
          )}
        </tbody>
      </table>
      <div class="ct-actions">
        <label for={tickerId} class="ct-visually-hidden">
          Chart ticker
        </label>
        <input
          id={tickerId}
          class="ct-input ct-mono"
          placeholder="Chart ticker"
          value={ticker}
          onInput={(e) => setTicker(e.currentTarget.value)}
        />
        <label for={underlyingId} class="ct-visually-hidden">
          Underlying
        </label>
        <input
          id={underlyingId}
          class="ct-input ct-mono"
          placeholder="Underlying"
          value={underlying}
          onInput={(e) => setUnderlying(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') add();
          }}
        />
        <button type="button" class="ct-btn" disabled={!valid} onClick={add}>
          Add mapping
        </button>
      </div>
      {problem !== null && (ticker !== '' || underlying !== '') ? (
        <p class="ct-field-error" role="alert" data-testid="symbol-map-problem">
          {problem}
        </p>
      ) : null}
    </div>
  );
}

/** Zones a US options platform is read in; ET first, the platform's own. */
export const TIME_ZONES: { zone: string; label: string }[] = [
  { zone: 'America/New_York', label: 'ET (New York)' },
  { zone: 'America/Chicago', label: 'CT (Chicago)' },
  { zone: 'America/Denver', label: 'MT (Denver)' },
  { zone: 'America/Los_Angeles', label: 'PT (Los Angeles)' },
  { zone: 'UTC', label: 'UTC' },
];

function TimeZoneSetting({ value, onSave }: { value: string; onSave: (zone: string) => void }) {
  const id = useId();
  const known = TIME_ZONES.some((z) => z.zone === value);
  return (
    <div class="ct-field">
      <label for={id}>Platform time zone</label>
      <select id={id} class="ct-select" value={value} onChange={(e) => onSave(e.currentTarget.value)}>
        {known ? null : <option value={value}>{value}</option>}
        {TIME_ZONES.map((z) => (
          <option key={z.zone} value={z.zone}>
            {z.label}
          </option>
        ))}
      </select>
      <p class="ct-muted ct-hint">
        The API's entry times carry no zone: trade ages and journal times are read in this one.
      </p>
    </div>
  );
}

/** The settings page: connection, mode, budget, one-click, default bot, symbol mapping. */
export function OptionsApp({ ask }: { ask: Ask }) {
  const [view, setView] = useState<ViewState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  useEffect(() => {
    const load = () =>
      ask({ type: 'state.get' }).then(
        (state) => {
          setView(state);
          setError(null);
        },
        (e: unknown) => setError(errorText(e)),
      );
    void load();
    // Another view (the popup) may change mode or settings while this page is open.
    window.addEventListener('focus', load);
    return () => window.removeEventListener('focus', load);
  }, [ask]);

  const patch = async (p: SettingsPatch): Promise<boolean> => {
    try {
      setView(await ask({ type: 'settings.update', patch: p }));
      setSaved(`Saved: ${savedWhat(p)}.`);
      setError(null);
      return true;
    } catch (e) {
      setError(`Not saved: ${errorText(e)}`);
      setSaved(null);
      return false;
    }
  };

  if (!view) {
    return (
      <main class="ct-root ct-options">
        <h1>Chart Trader settings</h1>
        {error ? <p class="ct-field-error">{error}</p> : <p class="ct-muted">Loading…</p>}
      </main>
    );
  }

  const s = view.settings;
  return (
    <main class="ct-root ct-options">
      <h1>
        Chart Trader settings <ModeMark mode={view.mode} />
      </h1>
      {error ? (
        <p class="ct-field-error" role="alert">
          {error}
        </p>
      ) : null}
      <ConnectionSection view={view} ask={ask} onState={setView} />
      <section class="ct-card" aria-labelledby="trading-h">
        <h2 id="trading-h">Trading</h2>
        <NumberSetting
          label="Rate-budget share (requests per minute)"
          hint="Of the account's 60 a minute; TradingView alerts to the same account use the rest."
          value={s.budgetShare}
          min={1}
          max={60}
          onSave={(n) => patch({ budgetShare: n })}
        />
        <OneClickSetting settings={s} onPatch={(p) => void patch(p)} />
        <div class="ct-field">
          <BotPicker
            label="Default bot"
            bots={view.bots}
            value={s.defaultBot}
            allowNone
            noneLabel="No default bot"
            onChange={(bot) => void patch({ defaultBot: bot })}
          />
          {view.bots.length === 0 ? (
            <p class="ct-muted ct-hint">Bots appear here once they have been read (open the popup).</p>
          ) : null}
        </div>
        <TimeZoneSetting value={s.timeZone} onSave={(timeZone) => void patch({ timeZone })} />
        <NumberSetting
          label="Remind me to rotate the secret after (days)"
          hint="The API recommends a new secret every 90 days."
          value={s.rotateAfterDays}
          min={1}
          max={365}
          onSave={(n) => patch({ rotateAfterDays: n })}
        />
      </section>
      <section class="ct-card" aria-labelledby="bots-h">
        <h2 id="bots-h">Bots and their underlyings</h2>
        <BotBindingsSetting
          bots={view.bots}
          bindings={view.bindings}
          onBind={(bot, binding) =>
            void ask({ type: 'bindings.set', bot: bot.id, binding }).then(
              (state) => {
                setView(state);
                setSaved(`Saved: ${bot.name}, ${binding ? 'bound' : 'unbound'}.`);
                setError(null);
              },
              (e: unknown) => setError(errorText(e)),
            )
          }
        />
      </section>

      <RiskSection view={view} ask={ask} onState={setView} />
      <section class="ct-card" aria-labelledby="symbols-h">
        <h2 id="symbols-h">Symbol mapping</h2>
        <SymbolMapSetting map={s.symbolMap} onPatch={(p) => void patch(p)} />
      </section>
      <section class="ct-card" aria-labelledby="sites-h">
        <h2 id="sites-h">Charting sites</h2>
        <ChartSitesSetting />
      </section>
      {saved ? (
        <p class="ct-ok" role="status">
          {saved}
        </p>
      ) : null}
    </main>
  );
}
