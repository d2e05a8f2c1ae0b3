import { createElement, Fragment, type ElementType, type ReactElement } from 'react';

/**
 * The automatic JSX runtime on top of React.createElement, bundled in place of react/jsx-runtime.
 * Grafana shares `react` with plugins but not necessarily `react/jsx-runtime`, and the jsx-runtime
 * of one React major does not work against another's internals; createElement works on every one.
 */
export { Fragment };

type Props = { children?: unknown; [key: string]: unknown };

export function jsx(type: ElementType, props: Props, key?: string): ReactElement {
  const { children, ...rest } = props;
  const config = key === undefined ? rest : { ...rest, key };
  return children === undefined ? createElement(type, config) : createElement(type, config, children as never);
}

/** Static children (an array literal in JSX): spread so React does not ask for keys. */
export function jsxs(type: ElementType, props: Props, key?: string): ReactElement {
  const { children, ...rest } = props;
  const config = key === undefined ? rest : { ...rest, key };
  return createElement(type, config, ...(children as never[]));
}
