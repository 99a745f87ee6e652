export declare function fingerprint(text: string, finding: { ruleId: string; start: { line: number }; related?: readonly { start: { line: number } }[] }): string;
