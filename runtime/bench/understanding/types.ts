/** One language's evaluation set: FAQ answers written for it and customer questions asked against them. */
export interface EvalAnswer {
  id: string;
  title: string;
  phrases: string[];
  reply: string;
}

export interface EvalQuestion {
  q: string;
  /** The answer that should be given, or null when the question is off-topic and must be refused. */
  expect: string | null;
}

export interface EvalSet {
  locale: 'en' | 'ko';
  answers: EvalAnswer[];
  questions: EvalQuestion[];
}
