/**
 * The lab's image registry: the product versions whose images "exist" (docker pull / image inspect
 * succeed for these tags only). One list, for the docker stand-in, the lab's tests and the docs.
 */
export const LAB_REGISTRY_VERSIONS = ['2024.30', '2025.10', '2025.14', '2025.20', '2026.1', '2026.3'] as const;

/** Image names by product (inedo-facts.md, "Products, services, ports"). */
export const PRODUCT_IMAGES = {
  proget: 'proget.inedo.com/productimages/inedo/proget',
  buildmaster: 'proget.inedo.com/productimages/inedo/buildmaster',
  otter: 'proget.inedo.com/productimages/inedo/otter',
} as const;

export function inRegistry(tag: string): boolean {
  return (LAB_REGISTRY_VERSIONS as readonly string[]).includes(tag);
}
