/** Joins paragraphs with a blank line, the format course and lesson bodies are stored in. */
export const paragraphs = (...parts: string[]): string => parts.join('\n\n');
