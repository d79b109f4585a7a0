import { useEffect, useId, useState } from 'preact/hooks';
import { BotPicker } from '../../components/bot-row';
import { formatNumber } from '../../components/format';
import { ModeMark } from '../../components/mode-mark';
import { RiskSection } from '../../components/risk-settings';
import { describeSecretProblem, extractSecret } from '../../lib/api/redact';
import { TICKER } from '../../lib/bots/binding';
import type { ReplyMap, Request, Settings, ViewState } from '../../lib/messaging/protocol';
import { words } from '../../lib/words';
import { BotBindingsSetting } from './bindings';
import { ChartSitesSetting } from './chart-sites';

export type Ask = <R extends Request>(request: R) => Promise<ReplyMap[R['type']]>;
type SettingsPatch = Extract<Request, { type: 'settings.update' }>['patch'];

const DAY_MS = 86_400_000;

const HEX_SECRET = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The settings a patch changed, in the trader's words, for the "Saved: …" line. */
export function savedWhat(patch: SettingsPatch): string {
  const names: Record<string, string> = {
    budgetShare: words('settingsNameBudgetShare'),
    oneClickLive: words('settingsNameOneClick'),
    defaultBot: words('settingsNameDefaultBot'),
    timeZone: words('settingsNameTimeZone'),
    rotateAfterDays: words('settingsNameRotation'),
    symbolMap: words('settingsNameSymbolMap'),
  };
  const keys = Object.keys(patch);
  return keys.length === 0 ? words('settingsNothingChangedLower') : keys.map((k) => names[k] ?? k).join(', ');
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
    placeholder: view.hasSecret ? words('secretReplacePlaceholder') : 'xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx',
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
        const user = reply.user ?? words('connectionThisAccount');
        setMessage({
          tone: 'ok',
          text:
            reply.bots === undefined
              ? words('connectionConnected', user)
              : words(
                  'connectionConnectedBots',
                  user,
                  words(
                    reply.bots === 1 ? 'connectionBotsOne' : 'connectionBots',
                    formatNumber(reply.bots, 0),
                  ),
                ),
        });
      } else {
        setMessage({ tone: 'error', text: reply.error?.message ?? words('connectionTestFailed') });
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
        text: words(sessionOnly ? 'secretSavedSession' : 'secretSaved'),
      });
    });

  const forget = () =>
    run('forget', async () => {
      onState(await ask({ type: 'connection.forgetSecret' }));
      setMessage({ tone: 'ok', text: words('secretForgotten') });
    });

  const setMode = (mode: 'paper' | 'live') =>
    run('mode', async () => {
      onState(await ask({ type: 'connection.setMode', mode }));
      setAskLive(false);
      setMessage({
        tone: 'ok',
        text: words(mode === 'live' ? 'modeSwitchedLive' : 'modeSwitchedPaper'),
      });
    });

  return (
    <section class="ct-card" aria-labelledby="connection-h">
      <h2 id="connection-h">{words('connectionHeading')}</h2>
      <p class="ct-muted" data-testid="secret-status">
        {view.hasSecret
          ? words(
              view.secretSessionOnly ? 'secretStatusSession' : 'secretStatus',
              age
                ? ` · ${words(age.days === 1 ? 'secretAgeOne' : 'secretAge', formatNumber(age.days, 0))}`
                : '',
            )
          : words('secretStatusNone')}
      </p>
      {age?.due ? (
        <p class="ct-warn" role="alert" data-testid="rotation-reminder">
          {words('secretRotate', formatNumber(age.days, 0), formatNumber(view.settings.rotateAfterDays, 0))}
        </p>
      ) : null}
      <div class="ct-field">
        <label for={secretId}>{words('secretLabel')}</label>
        <div class="ct-secret">
          {shown ? <input type="text" {...secretInput} /> : <input type="password" {...secretInput} />}
          <button
            type="button"
            class="ct-btn"
            aria-pressed={shown}
            aria-label={words(shown ? 'secretHideLabel' : 'secretShowLabel')}
            onClick={() => setShown(!shown)}
          >
            {words(shown ? 'secretHide' : 'secretShow')}
          </button>
        </div>
        <p id={hintId} class={problem ? 'ct-field-error' : 'ct-muted ct-hint'} data-testid="secret-hint">
          {problem ?? words(typedHex ? 'secretHintRight' : typedValid ? 'secretHintNotHex' : 'secretHint')}
        </p>
      </div>
      <label class="ct-check" for={sessionId}>
        <input
          id={sessionId}
          type="checkbox"
          checked={sessionOnly}
          onChange={(e) => setSessionOnly(e.currentTarget.checked)}
        />
        {words('secretSessionOnly')}
      </label>
      <div class="ct-actions">
        <button
          type="button"
          class="ct-btn"
          disabled={busy !== null || (!typedValid && !view.hasSecret)}
          onClick={() => void test()}
        >
          {words('connectionTest')}
        </button>
        <button
          type="button"
          class="ct-btn ct-btn--primary"
          disabled={busy !== null || !typedValid}
          onClick={() => void save()}
        >
          {words('secretSave')}
        </button>
        <button
          type="button"
          class="ct-btn ct-btn--danger"
          disabled={busy !== null || !view.hasSecret}
          onClick={() => void forget()}
        >
          {words('secretForget')}
        </button>
      </div>
      {busy === null && !typedValid ? (
        <p class="ct-muted ct-hint" data-testid="connection-disabled-why">
          {words(view.hasSecret ? 'secretDisabledWhySaved' : 'secretDisabledWhyNone')}
        </p>
      ) : null}
      {busy === 'test' ? <p class="ct-muted">{words('connectionTesting')}</p> : null}
      {message ? (
        <p
          class={message.tone === 'ok' ? 'ct-ok' : 'ct-field-error'}
          role="status"
          data-testid="connection-message"
        >
          {message.text}
        </p>
      ) : null}

      <h3>{words('journalFilterMode')}</h3>
      <p>
        <ModeMark mode={view.mode} /> {words(view.mode === 'live' ? 'modeLiveSays' : 'modePaperSays')}
      </p>
      {view.mode === 'paper' ? (
        askLive ? (
          <fieldset class="ct-warn">
            <legend class="ct-visually-hidden">{words('modeSwitchLive')}</legend>
            <p>{words('modeSwitchLiveAsk')}</p>
            <div class="ct-actions">
              <button type="button" class="ct-btn" onClick={() => setAskLive(false)}>
                {words('cancel')}
              </button>
              <button
                type="button"
                class="ct-btn ct-btn--live"
                disabled={busy !== null}
                onClick={() => void setMode('live')}
              >
                {words('confirm')}
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
              {words('modeSwitchLive')}
            </button>
            {view.hasSecret ? null : (
              <span id={liveWhyId} class="ct-muted ct-hint" data-testid="live-disabled-why">
                {words('modeLiveNeedsSecret')}
              </span>
            )}
          </div>
        )
      ) : (
        <button type="button" class="ct-btn" disabled={busy !== null} onClick={() => void setMode('paper')}>
          {words('modeBackToPaper')}
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
            ? `${words('settingsSaved', formatNumber(value, 0))} ${hint}`
            : outcome === 'not-saved'
              ? words('settingsNotSavedStill', formatNumber(value, 0))
              : hint
          : `${words('settingsWholeNumber', formatNumber(min, 0), formatNumber(max, 0))}${
              outcome === 'not-saved' ? ` ${words('settingsNotSavedStill', formatNumber(value, 0))}` : ''
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
        {words('oneClickLabel')}
      </label>
      {asking && !settings.oneClickLive ? (
        <fieldset class="ct-warn">
          <legend class="ct-visually-hidden">{words('oneClickTurnOn')}</legend>
          <label class="ct-check" for={ackId}>
            <input
              id={ackId}
              type="checkbox"
              checked={acknowledged}
              onChange={(e) => setAcknowledged(e.currentTarget.checked)}
            />
            {words('oneClickAck')}
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
              {words('cancel')}
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
              {words('oneClickTurnOnButton')}
            </button>
          </div>
        </fieldset>
      ) : null}
      <p class="ct-muted ct-hint">{words('oneClickHint')}</p>
    </div>
  );
}

/** Why a mapping cannot be saved, or null. The chart ticker may carry its exchange (`CME_MINI:ES1!`). */
export function symbolMapProblem(ticker: string, underlying: string): string | null {
  if (ticker === '' || underlying === '') return words('symbolMapNeedBoth');
  if (/\s/.test(ticker) || /\s/.test(underlying)) return words('symbolMapNoSpaces');
  if (ticker.length > 64) return words('symbolMapTooLong', 64);
  if (!TICKER.test(underlying)) return words('symbolMapOneTicker');
  const bare = ticker.includes(':') ? ticker.slice(ticker.indexOf(':') + 1) : ticker;
  if (bare === underlying) return words('symbolMapItself', underlying);
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
        <caption class="ct-muted">{words('symbolMapCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{words('symbolMapChartTicker')}</th>
            <th scope="col">{words('ticketUnderlying')}</th>
            <th scope="col">
              <span class="ct-visually-hidden">{words('symbolMapRemove')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {entries.length === 0 ? (
            <tr>
              <td colSpan={3} class="ct-muted">
                {words('symbolMapNone')}
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
                    aria-label={words('symbolMapRemoveLabel', from)}
                    onClick={() => {
                      const next = { ...map };
                      delete next[from];
                      onPatch({ symbolMap: next });
                    }}
                  >
                    {words('symbolMapRemove')}
                  </button>
                </td>
              </tr>
            ))
          )}
        </tbody>
      </table>
      <div class="ct-actions">
        <label for={tickerId} class="ct-visually-hidden">
          {words('symbolMapChartTicker')}
        </label>
        <input
          id={tickerId}
          class="ct-input ct-mono"
          placeholder={words('symbolMapChartTicker')}
          value={ticker}
          onInput={(e) => setTicker(e.currentTarget.value)}
        />
        <label for={underlyingId} class="ct-visually-hidden">
          {words('ticketUnderlying')}
        </label>
        <input
          id={underlyingId}
          class="ct-input ct-mono"
          placeholder={words('ticketUnderlying')}
          value={underlying}
          onInput={(e) => setUnderlying(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') add();
          }}
        />
        <button type="button" class="ct-btn" disabled={!valid} onClick={add}>
          {words('symbolMapAdd')}
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
  { zone: 'America/New_York', label: words('zoneNewYork') },
  { zone: 'America/Chicago', label: words('zoneChicago') },
  { zone: 'America/Denver', label: words('zoneDenver') },
  { zone: 'America/Los_Angeles', label: words('zoneLosAngeles') },
  { zone: 'UTC', label: 'UTC' },
];

function TimeZoneSetting({ value, onSave }: { value: string; onSave: (zone: string) => void }) {
  const id = useId();
  const known = TIME_ZONES.some((z) => z.zone === value);
  return (
    <div class="ct-field">
      <label for={id}>{words('zoneLabel')}</label>
      <select id={id} class="ct-select" value={value} onChange={(e) => onSave(e.currentTarget.value)}>
        {known ? null : <option value={value}>{value}</option>}
        {TIME_ZONES.map((z) => (
          <option key={z.zone} value={z.zone}>
            {z.label}
          </option>
        ))}
      </select>
      <p class="ct-muted ct-hint">{words('zoneHint')}</p>
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
      setSaved(words('settingsSaved', savedWhat(p)));
      setError(null);
      return true;
    } catch (e) {
      setError(words('settingsNotSaved', errorText(e)));
      setSaved(null);
      return false;
    }
  };

  if (!view) {
    return (
      <main class="ct-root ct-options">
        <h1>{words('settingsTitle')}</h1>
        {error ? <p class="ct-field-error">{error}</p> : <p class="ct-muted">{words('viewLoading')}</p>}
      </main>
    );
  }

  const s = view.settings;
  return (
    <main class="ct-root ct-options">
      <h1>
        {words('settingsTitle')} <ModeMark mode={view.mode} />
      </h1>
      {error ? (
        <p class="ct-field-error" role="alert">
          {error}
        </p>
      ) : null}
      <ConnectionSection view={view} ask={ask} onState={setView} />
      <section class="ct-card" aria-labelledby="trading-h">
        <h2 id="trading-h">{words('settingsTrading')}</h2>
        <NumberSetting
          label={words('settingsBudgetShare')}
          hint={words('settingsBudgetShareHint')}
          value={s.budgetShare}
          min={1}
          max={60}
          onSave={(n) => patch({ budgetShare: n })}
        />
        <OneClickSetting settings={s} onPatch={(p) => void patch(p)} />
        <div class="ct-field">
          <BotPicker
            label={words('settingsDefaultBot')}
            bots={view.bots}
            value={s.defaultBot}
            allowNone
            noneLabel={words('settingsNoDefaultBot')}
            onChange={(bot) => void patch({ defaultBot: bot })}
          />
          {view.bots.length === 0 ? <p class="ct-muted ct-hint">{words('bindingsNoBots')}</p> : null}
        </div>
        <TimeZoneSetting value={s.timeZone} onSave={(timeZone) => void patch({ timeZone })} />
        <NumberSetting
          label={words('settingsRotateAfter')}
          hint={words('settingsRotateHint')}
          value={s.rotateAfterDays}
          min={1}
          max={365}
          onSave={(n) => patch({ rotateAfterDays: n })}
        />
      </section>
      <section class="ct-card" aria-labelledby="bots-h">
        <h2 id="bots-h">{words('settingsBotsHeading')}</h2>
        <BotBindingsSetting
          bots={view.bots}
          bindings={view.bindings}
          onBind={(bot, binding) =>
            void ask({ type: 'bindings.set', bot: bot.id, binding }).then(
              (state) => {
                setView(state);
                setSaved(
                  words(
                    'settingsSaved',
                    words(binding ? 'bindingsSavedBound' : 'bindingsSavedUnbound', bot.name),
                  ),
                );
                setError(null);
              },
              (e: unknown) => setError(errorText(e)),
            )
          }
        />
      </section>

      <RiskSection view={view} ask={ask} onState={setView} />
      <section class="ct-card" aria-labelledby="symbols-h">
        <h2 id="symbols-h">{words('settingsSymbolsHeading')}</h2>
        <SymbolMapSetting map={s.symbolMap} onPatch={(p) => void patch(p)} />
      </section>
      <section class="ct-card" aria-labelledby="sites-h">
        <h2 id="sites-h">{words('settingsSitesHeading')}</h2>
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
