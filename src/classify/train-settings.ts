// Training settings and their defaults, apart from the trainer so `train --help` loads no model code.

export interface TrainSettings {
  dim: number;
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
}

export const DEFAULT_TRAIN: TrainSettings = { dim: 1 << 14, epochs: 30, learningRate: 0.5, l2: 0.0005, seed: 42 };
