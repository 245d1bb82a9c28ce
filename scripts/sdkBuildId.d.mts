export declare const BUILD_INPUTS: string[];
export declare function sdkBuildId(root?: string): string;
