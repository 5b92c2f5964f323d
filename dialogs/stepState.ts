/** A waterfall's own state between its steps (`step.values`), typed in one place. */
import type { WaterfallStepContext } from 'botbuilder-dialogs';

export function stepState<T extends object>(step: WaterfallStepContext<object>): Partial<T> {
  return step.values as Partial<T>;
}
