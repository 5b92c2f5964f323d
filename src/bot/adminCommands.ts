/** The admin chat commands of SPEC.md ("Chat commands (admins)"). */
import type { TurnContext } from 'botbuilder';

export const ADMIN_COMMANDS = [
  'help',
  'new campaign',
  'campaigns',
  'info <name>',
  'edit <name>',
  'delete <name>',
  'try <name>',
  'report <name>',
  'export <name>',
  'lists',
  'new list',
  'cancel',
] as const;

/** One line listing the commands; code spans keep Teams from eating `<name>` as HTML. */
export function adminCommandsLine(): string {
  return `Commands: ${ADMIN_COMMANDS.map((c) => `\`${c}\``).join(', ')}`;
}

/** An admin turn that answers every message with the command list. */
export async function replyWithAdminCommands(context: TurnContext): Promise<void> {
  await context.sendActivity(adminCommandsLine());
}
