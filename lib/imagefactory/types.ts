// The domain's types in one place: what a plugin is to ImageFactory's loader and Builder.

export type PluginType = 'os' | 'cloud';

/** A target as a `.info` lists it: [name] for cloud, [name, version|null, arch|null] for OS. */
export type InfoTarget = (string | null)[];

export interface Maintainer {
  name?: string;
  email?: string;
  url?: string;
}

/** The content of a `.info` file. */
export interface PluginInfo {
  type: PluginType;
  targets: InfoTarget[];
  description?: string;
  maintainer?: Maintainer;
  version?: string;
  license?: string;
}

export type Severity = 'error' | 'warning';
