import { statusLook } from '../format.ts';

/** A status as colour AND text (never colour alone). */
export function Badge(props: {
  status: number | null;
  desc: string | null;
  internal?: boolean;
  prefix?: string;
}) {
  const { tone, text } = statusLook(props.status, props.desc, props.internal);
  return (
    <span class={`badge ${tone}`} data-tone={tone}>
      {props.prefix ? `${props.prefix}: ` : ''}
      {text}
    </span>
  );
}
