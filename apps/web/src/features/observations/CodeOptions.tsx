import { GROUPS, displayOf } from './catalogue';

/** The catalogue's observations as `<option>`s in their groups, for a `<select>`. */
export function CodeOptions() {
  return GROUPS.map((group) => (
    <optgroup key={group.label} label={group.label}>
      {group.codes.map((c) => (
        <option key={c} value={c}>
          {displayOf(c)}
        </option>
      ))}
    </optgroup>
  ));
}
