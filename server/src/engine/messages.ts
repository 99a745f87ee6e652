/** Fills `{{placeholder}}` templates of rule messages; a placeholder left unfilled is a rule bug. */
export function formatMessage(template: string, data: Record<string, string | number> | undefined, where: string): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_match, key: string) => {
    const value = data?.[key];
    if (value === undefined) throw new Error(`${where}: message placeholder {{${key}}} has no value`);
    return String(value);
  });
}
