import { useId, useState } from 'preact/hooks';
import type { ReplyMap, Request, ViewState } from '../lib/messaging/protocol';
import { clockText } from '../lib/risk/trading-hours';
import { DEFAULT_RISK_RULES, type RiskRules } from '../lib/risk/types';
import { RISK_FIELD_LABELS, RISK_RANGES } from '../lib/risk/validate';
import { words } from '../lib/words';
import './theme.css';

/** `09:30` → 570; null when not a time of day. */
export function parseClock(text: string): number | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  return Number(m[2]) <= 59 && minutes <= 1440 ? minutes : null;
}

const maxOf = (field: keyof RiskRules): number => {
  const range = RISK_RANGES[field];
  return range === 'switch' ? 1 : range[1];
};

type Ask = <R extends Request>(request: R) => Promise<ReplyMap[R['type']]>;

type NumberField = 'maxEntriesPerDay' | 'maxEntriesPerBotPerDay' | 'maxOpenPerUnderlying' | 'cutoffMinutes';
const NUMBER_FIELDS: { field: NumberField; hint: string; max: number }[] = [
  {
    field: 'maxEntriesPerDay',
    hint: words('riskHintEntriesPerDay'),
    max: maxOf('maxEntriesPerDay'),
  },
  {
    field: 'maxEntriesPerBotPerDay',
    hint: words('riskHintEntriesPerBot'),
    max: maxOf('maxEntriesPerBotPerDay'),
  },
  {
    field: 'maxOpenPerUnderlying',
    hint: words('riskHintOpenPerUnderlying'),
    max: maxOf('maxOpenPerUnderlying'),
  },
  {
    field: 'cutoffMinutes',
    hint: words('riskHintCutoff'),
    max: maxOf('cutoffMinutes'),
  },
];

interface Draft {
  hoursOn: boolean;
  tradingDaysOnly: boolean;
  hoursStart: string;
  hoursEnd: string;
  numbers: Record<NumberField, string>;
}

const draftOf = (r: RiskRules): Draft => ({
  hoursOn: r.hoursOn,
  tradingDaysOnly: r.tradingDaysOnly,
  hoursStart: clockText(r.hoursStart),
  hoursEnd: clockText(r.hoursEnd),
  numbers: {
    maxEntriesPerDay: r.maxEntriesPerDay === null ? '' : String(r.maxEntriesPerDay),
    maxEntriesPerBotPerDay: r.maxEntriesPerBotPerDay === null ? '' : String(r.maxEntriesPerBotPerDay),
    maxOpenPerUnderlying: r.maxOpenPerUnderlying === null ? '' : String(r.maxOpenPerUnderlying),
    cutoffMinutes: r.cutoffMinutes === null ? '' : String(r.cutoffMinutes),
  },
});

/**
 * Settings → Risk: the rules a trader sets once. What cannot be read as typed is never sent (an
 * unreadable number is not "no limit"); the background judges the rest and says what it saved.
 */
export function RiskSection({
  view,
  ask,
  onState,
}: {
  view: ViewState;
  ask: Ask;
  onState: (s: ViewState) => void;
}) {
  const rules = view.risk?.rules ?? DEFAULT_RISK_RULES;
  const [draft, setDraft] = useState<Draft>(() => draftOf(rules));
  const [report, setReport] = useState<{ saved: string[]; notSaved: string[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const base = useId();

  const save = async () => {
    const patch: Extract<Request, { type: 'risk.save' }>['patch'] = {
      hoursOn: draft.hoursOn,
      tradingDaysOnly: draft.tradingDaysOnly,
    };
    const local: string[] = [];
    for (const key of ['hoursStart', 'hoursEnd'] as const) {
      const minutes = parseClock(draft[key]);
      if (minutes === null) local.push(words('riskNotATime', RISK_FIELD_LABELS[key], draft[key]));
      else patch[key] = minutes;
    }
    for (const { field } of NUMBER_FIELDS) {
      const text = draft.numbers[field].trim();
      if (text === '') patch[field] = null;
      else if (/^-?\d+(\.\d+)?$/.test(text)) patch[field] = Number(text);
      else local.push(words('riskNotANumber', RISK_FIELD_LABELS[field], text));
    }
    setBusy(true);
    try {
      const reply = await ask({ type: 'risk.save', patch });
      setReport({
        saved: reply.saved,
        notSaved: [...local, ...reply.notSaved.map((p) => p.message)],
      });
      setDraft((d) => {
        const fresh = draftOf(reply.rules);
        // What was refused stays as typed, so the trader can fix it.
        const keep = new Set(reply.notSaved.map((p) => p.field));
        return {
          ...fresh,
          hoursStart:
            keep.has('hoursStart') || local.some((l) => l.startsWith(RISK_FIELD_LABELS.hoursStart))
              ? d.hoursStart
              : fresh.hoursStart,
          hoursEnd:
            keep.has('hoursEnd') || local.some((l) => l.startsWith(RISK_FIELD_LABELS.hoursEnd))
              ? d.hoursEnd
              : fresh.hoursEnd,
          numbers: Object.fromEntries(
            NUMBER_FIELDS.map(({ field }) => [
              field,
              keep.has(field) || local.some((l) => l.startsWith(RISK_FIELD_LABELS[field]))
                ? d.numbers[field]
                : fresh.numbers[field],
            ]),
          ) as Record<NumberField, string>,
        };
      });
      onState(await ask({ type: 'state.get' }));
    } catch (error) {
      setReport({ saved: [], notSaved: [error instanceof Error ? error.message : String(error)] });
    } finally {
      setBusy(false);
    }
  };

  const text = (key: 'hoursStart' | 'hoursEnd') => (
    <label class="ct-field" for={`${base}-${key}`}>
      <span>{words('riskClockField', RISK_FIELD_LABELS[key])}</span>
      <input
        id={`${base}-${key}`}
        data-testid={`risk-${key}`}
        type="text"
        inputMode="numeric"
        value={draft[key]}
        onInput={(e) => {
          const value = (e.target as HTMLInputElement).value;
          setDraft((d) => ({ ...d, [key]: value }));
        }}
      />
    </label>
  );

  return (
    <section class="ct-card" aria-labelledby={`${base}-h`} data-testid="risk-section">
      <h2 id={`${base}-h`}>{words('riskHeading')}</h2>
      <p class="ct-muted ct-hint">{words('riskIntro')}</p>
      <label class="ct-field ct-field--check">
        <input
          type="checkbox"
          data-testid="risk-hoursOn"
          checked={draft.hoursOn}
          onChange={(e) => {
            const on = (e.target as HTMLInputElement).checked;
            setDraft((d) => ({ ...d, hoursOn: on }));
          }}
        />
        <span>{words('riskHoursOn')}</span>
      </label>
      {text('hoursStart')}
      {text('hoursEnd')}
      <label class="ct-field ct-field--check">
        <input
          type="checkbox"
          checked={draft.tradingDaysOnly}
          onChange={(e) => {
            const on = (e.target as HTMLInputElement).checked;
            setDraft((d) => ({ ...d, tradingDaysOnly: on }));
          }}
        />
        <span>{words('riskTradingDaysField', RISK_FIELD_LABELS.tradingDaysOnly)}</span>
      </label>
      {NUMBER_FIELDS.map(({ field, hint, max }) => (
        <label class="ct-field" for={`${base}-${field}`} key={field}>
          <span>{words('riskNumberField', RISK_FIELD_LABELS[field], formatNumber(max, 0))}</span>
          <input
            id={`${base}-${field}`}
            data-testid={`risk-${field}`}
            type="text"
            inputMode="numeric"
            value={draft.numbers[field]}
            onInput={(e) => {
              const value = (e.target as HTMLInputElement).value;
              setDraft((d) => ({ ...d, numbers: { ...d.numbers, [field]: value } }));
            }}
          />
          <span class="ct-muted ct-hint">{hint}</span>
        </label>
      ))}
      <button
        type="button"
        class="ct-btn ct-btn--primary"
        data-testid="risk-save"
        disabled={busy}
        onClick={() => void save()}
      >
        {words('riskSave')}
      </button>
      {report ? (
        <div role="status" data-testid="risk-report">
          {report.saved.length > 0 ? (
            <p class="ct-ok">{words('settingsSaved', report.saved.join(', '))}</p>
          ) : null}
          {report.saved.length === 0 && report.notSaved.length === 0 ? (
            <p class="ct-ok">{words('settingsNothingChanged')}</p>
          ) : null}
          {report.notSaved.map((m) => (
            <p class="ct-field-error" key={m}>
              {words('settingsNotSaved', m)}
            </p>
          ))}
        </div>
      ) : null}
    </section>
  );
}
