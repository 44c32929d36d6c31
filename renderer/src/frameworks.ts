import { FrameworkRegistry } from '../../core/frameworks/load';

/** The renderer's one framework registry: the shipped frameworks, validated once. */
export const frameworks = new FrameworkRegistry();
