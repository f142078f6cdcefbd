export type View = 'data' | 'train' | 'runs';
