export declare function corpusHalf(relPath: string): 'tuning' | 'heldout';
