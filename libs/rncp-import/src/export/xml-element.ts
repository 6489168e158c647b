/** One element of a FICHE as read from the export: enough structure for the mapper, nothing more. */
export interface XmlElement {
  name: string;
  /** Text and CDATA directly inside the element, entities already decoded. */
  text: string;
  children: XmlElement[];
}

export function element(name: string, text = '', children: XmlElement[] = []): XmlElement {
  return { name, text, children };
}

/** The first child at a slash-separated path (`NOMENCLATURE_EUROPE/NIVEAU`), case-insensitive. */
export function childAt(node: XmlElement | undefined, path: string): XmlElement | undefined {
  let current = node;
  for (const name of path.split('/')) {
    if (!current) return undefined;
    const wanted = name.toUpperCase();
    current = current.children.find((child) => child.name.toUpperCase() === wanted);
  }
  return current;
}

/** Every child at the path; the last step may repeat (`CODES_ROME/ROME`). */
export function childrenAt(node: XmlElement | undefined, path: string): XmlElement[] {
  const steps = path.split('/');
  const last = steps.pop()!.toUpperCase();
  const parent = steps.length > 0 ? childAt(node, steps.join('/')) : node;
  return parent ? parent.children.filter((child) => child.name.toUpperCase() === last) : [];
}

/** The trimmed text at the path, or undefined when the element is absent or blank. */
export function textAt(node: XmlElement | undefined, path: string): string | undefined {
  const found = childAt(node, path);
  const text = found?.text.trim();
  return text ? text : undefined;
}
