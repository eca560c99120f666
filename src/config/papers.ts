/** The paper sizes a pack can be printed on: a plain option value, shared by the config, the CLI and layout. */

export type Paper = 'A4' | 'A5' | 'Letter';
export const PAPERS: readonly Paper[] = ['A4', 'A5', 'Letter'];
