/**
 * "Run all checks" or "Run only the ones I select", as Windows' cluster validation offers: the
 * selection is by area (servers, database, storage…), each area's checks from the shared catalogue.
 * A check the selected ones need still runs first; only its failures are shown (the engine's rule).
 */
import { Checkbox, Field, Radio, RadioGroup, makeStyles, tokens } from '@fluentui/react-components';
import { AREA_TITLES, CHECK_CATALOG, idsOfArea } from '../../../electron/shared/check-catalog';
import type { CheckArea } from '../../../electron/shared/check-types';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  areas: { display: 'flex', flexWrap: 'wrap', columnGap: tokens.spacingHorizontalL, paddingLeft: tokens.spacingHorizontalXXL },
});

const AREAS = Object.keys(AREA_TITLES).filter((a): a is CheckArea => CHECK_CATALOG.some((c) => c.area === a));

interface Props {
  /** null: every check; otherwise the areas chosen. */
  areas: CheckArea[] | null;
  onChange: (areas: CheckArea[] | null) => void;
  disabled?: boolean;
}

/** The check ids a choice stands for (undefined: all). */
export function checksOfChoice(areas: CheckArea[] | null): string[] | undefined {
  return areas === null ? undefined : areas.flatMap(idsOfArea);
}

export function CheckChoice({ areas, onChange, disabled }: Props) {
  const s = useStyles();
  const toggle = (a: CheckArea, on: boolean) => onChange(AREAS.filter((x) => (x === a ? on : (areas ?? []).includes(x))));
  return (
    <div className={s.root}>
      <Field label="Which checks">
        <RadioGroup layout="horizontal" value={areas === null ? 'all' : 'some'} disabled={disabled ?? false}
          onChange={(_e, d) => onChange(d.value === 'all' ? null : (areas ?? [...AREAS]))}>
          <Radio value="all" label="Run all checks" />
          <Radio value="some" label="Run only the ones I select" />
        </RadioGroup>
      </Field>
      {areas !== null && (
        <div className={s.areas} role="group" aria-label="Checks to run">
          {AREAS.map((a) => (
            <Checkbox key={a} disabled={disabled ?? false} checked={areas.includes(a)} onChange={(_e, d) => toggle(a, d.checked === true)}
              label={`${AREA_TITLES[a]} (${idsOfArea(a).length})`} />
          ))}
        </div>
      )}
    </div>
  );
}
