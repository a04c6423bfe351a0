import type { ToolDefinition } from '../canonical/index.ts';
import { sanitizeToolSchema } from './sanitize-tool-schema.ts';
import { shortenToolName } from './shorten-tool-name.ts';
import type { KiroTool } from './types.ts';

export const defaultToolDescriptionMaxLength = 10_000;

export interface KiroTools {
  tools: KiroTool[];
  /** Full descriptions too long for a tool definition, to append to the system prompt ('' if none). */
  documentation: string;
}

/**
 * Tool definitions as Kiro accepts them (docs/kiro-protocol.md#tool-definitions): names shortened to 64
 * characters, a description that is never empty, over-long descriptions moved to the system prompt
 * (`maxDescriptionLength` 0 keeps them in place), sanitised schemas, one definition per name.
 */
export function toKiroTools(definitions: readonly ToolDefinition[], maxDescriptionLength: number): KiroTools {
  const tools: KiroTool[] = [];
  const sections: string[] = [];
  const seen = new Set<string>();
  for (const definition of definitions) {
    const name = shortenToolName(definition.name);
    if (seen.has(name)) continue;
    seen.add(name);
    let description = definition.description.trim() === '' ? `Tool: ${name}` : definition.description;
    if (maxDescriptionLength > 0 && description.length > maxDescriptionLength) {
      sections.push(`## Tool: ${name}\n\n${description}`);
      description = `[Full documentation in system prompt under '## Tool: ${name}']`;
    }
    tools.push({
      toolSpecification: {
        name,
        description,
        inputSchema: { json: sanitizeToolSchema(definition.inputSchema) },
      },
    });
  }
  const documentation =
    sections.length === 0
      ? ''
      : `---\n# Tool Documentation\nThese tools are documented here in full because their descriptions were too long for the tool definitions.\n\n${sections.join('\n\n---\n\n')}`;
  return { tools, documentation };
}
