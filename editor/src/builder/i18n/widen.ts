/** The shape of a message table with every text widened to string, so each language must supply every key. */
export type Widen<T> = T extends string ? string : T extends readonly (infer U)[] ? readonly Widen<U>[] : { [K in keyof T]: Widen<T[K]> };
