import { describe, expect, it } from 'vitest';
import { generateChain, generateModel } from '../bench/generate.js';
import { check } from './helpers.js';

describe('the benchmark models', () => {
  it('are valid models, so the benchmark measures real work', () => {
    const model = generateModel(1000);
    const result = check(model.arch);
    expect(result.status).toBe('checked');
    expect(result.model!.components().length).toBe(1000);
    expect(check(generateChain(200)).status).toBe('checked');
  });

  it('are deterministic', () => {
    expect(generateModel(300).arch).toBe(generateModel(300).arch);
  });
});
