import type { Signal } from '../signal';
import { chat } from './chat';
import { engagement } from './engagement';
import { friction } from './friction';
import { survey } from './survey';
import { ticket } from './ticket';

/** Every signal of the Happy Index. A new signal is one file in this folder and one entry here. */
export const SIGNALS: readonly Signal[] = [survey, chat, ticket, engagement, friction];
