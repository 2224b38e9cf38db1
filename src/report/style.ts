/**
 * Terminal styles used by the reports: chalk at level 1 (16 colours) when colour is on, the text
 * unchanged otherwise.
 */
import { Chalk } from 'chalk';

export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  italic(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  blue(text: string): string;
  gray(text: string): string;
}

const plain = (text: string): string => text;

const PLAIN: Style = { bold: plain, dim: plain, italic: plain, red: plain, yellow: plain, blue: plain, gray: plain };

let color: Style | null = null;

export function makeStyle(useColor: boolean): Style {
  if (!useColor) return PLAIN;
  // Level 1 whatever the terminal says it supports: the caller already decided colour is wanted.
  color ??= new Chalk({ level: 1 });
  return color;
}
