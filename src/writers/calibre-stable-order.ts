// calibre keeps a book's files in a Python set of objects hashed by their memory address
// (calibre/ebooks/oeb/base.py: `Manifest.items` is a set, `Manifest.Item.__hash__` returns
// `id(self)`), and the MOBI/AZW3 writers number images and index records in that set's iteration
// order. With address-space randomization the order, and so the file, changes from run to run
// (a three-image book: about one run in three). This `sitecustomize` module, put on calibre's
// PYTHONPATH for the conversion only, makes the manifest iterate in a fixed order (by href, then
// id) without changing what it holds. It patches the class once calibre imports it, through an
// import hook, so calibre's own start-up is untouched; a calibre without that module or class
// (another version, a frozen build that ignores PYTHONPATH) converts as it always did.
import { writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { makeDirectory } from '../util/make-dir.js';

const SITECUSTOMIZE = `# Written by progit-ebook for one ebook-convert run: a fixed iteration order for calibre's manifest.
import sys


class _StableManifestOrder:
    target = 'calibre.ebooks.oeb.base'

    def find_spec(self, name, path=None, target=None):
        if name != self.target:
            return None
        import importlib.util
        sys.meta_path.remove(self)
        try:
            spec = importlib.util.find_spec(name)
        finally:
            sys.meta_path.insert(0, self)
        if spec is None or spec.loader is None or not hasattr(spec.loader, 'exec_module'):
            return spec
        load = spec.loader.exec_module

        def exec_module(module):
            load(module)
            manifest = getattr(module, 'Manifest', None)
            if manifest is None:
                return
            key = lambda item: (str(item.href), str(item.id))

            # calibre walks the manifest thousands of times per book: sorting on every walk cost up
            # to a second per conversion, so the order is kept until the set's members change.
            def ordered(self):
                cached = self.__dict__.get('_progit_ebook_order')
                if cached is not None and cached[0] == self.items:
                    return cached[1]
                order = tuple(sorted(self.items, key=key))
                self.__dict__['_progit_ebook_order'] = (set(self.items), order)
                return order

            manifest.__iter__ = lambda self: iter(ordered(self))
            manifest.values = lambda self: list(ordered(self))

        spec.loader.exec_module = exec_module
        return spec


sys.meta_path.insert(0, _StableManifestOrder())
`;

/** Writes the module under `dir` and returns the environment that makes calibre load it. */
export async function stableOrderEnv(dir: string, env: NodeJS.ProcessEnv = process.env): Promise<Record<string, string>> {
  const site = join(dir, 'python');
  await makeDirectory(site);
  await writeFile(join(site, 'sitecustomize.py'), SITECUSTOMIZE);
  return { PYTHONPATH: env.PYTHONPATH ? `${site}${delimiter}${env.PYTHONPATH}` : site };
}
