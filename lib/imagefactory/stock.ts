// The plugins that ship with ImageFactory 1.1.16 and the targets their .info files claim.
// A test checks this table against the stock .info files of the shared corpus.
import type { InfoTarget, PluginType } from './types.js';

export interface StockPlugin {
  name: string;
  type: PluginType;
  targets: InfoTarget[];
}

export const STOCK_PLUGINS: readonly StockPlugin[] = [
  { name: 'Atlas', type: 'cloud', targets: [['atlas']] },
  { name: 'Docker', type: 'cloud', targets: [['docker']] },
  { name: 'EC2', type: 'cloud', targets: [['ec2']] },
  { name: 'GCE', type: 'cloud', targets: [['gce']] },
  { name: 'HyperV', type: 'cloud', targets: [['hyperv']] },
  { name: 'IndirectionCloud', type: 'cloud', targets: [['indirection']] },
  {
    name: 'MockCloud',
    type: 'cloud',
    targets: [['MockCloud'], ['mock'], ['mockcloud'], ['mocksphere'], ['rhevmock'], ['ecmock'], ['mockspace'], ['mockstack']],
  },
  { name: 'MockOS', type: 'os', targets: [['MockOS_A', null, null], ['MockOS_B', '1', 'x86_64']] },
  {
    name: 'Nova',
    type: 'os',
    targets: [
      ['Fedora', null, null], ['RHEL-6', null, null], ['RHEL-5', null, null], ['RHEL-7', null, null],
      ['Ubuntu', null, null], ['CentOS-6', null, null], ['CentOS-5', null, null], ['Windows', null, null],
    ],
  },
  { name: 'OVA', type: 'cloud', targets: [['OVA'], ['ova']] },
  { name: 'OpenStack', type: 'cloud', targets: [['openstack-kvm']] },
  { name: 'RHEVM', type: 'cloud', targets: [['rhevm']] },
  { name: 'Rackspace', type: 'cloud', targets: [['rackspace']] },
  {
    name: 'TinMan',
    type: 'os',
    targets: [
      ['Fedora', null, null], ['RHEL-6', null, null], ['RHEL-5', null, null], ['Ubuntu', null, null],
      ['CentOS-6', null, null], ['CentOS-5', null, null], ['ScientificLinux-6', null, null],
      ['ScientificLinux-5', null, null], ['OpenSUSE', null, null], ['RHEL-7', null, null],
      ['CentOS-7', null, null], ['ScientificLinux-7', null, null],
    ],
  },
  { name: 'vSphere', type: 'cloud', targets: [['vsphere']] },
];

/** Folders of the stock `imagefactory_plugins` package that are not plugins but would be overwritten too. */
export const STOCK_SUBPACKAGES: readonly string[] = ['ovfcommon'];

/** The stock plugin (or subpackage) a plugin name would overwrite, compared without case. */
export function stockNameClash(name: string): string | undefined {
  const lower = name.toLowerCase();
  return [...STOCK_PLUGINS.map((p) => p.name), ...STOCK_SUBPACKAGES].find((n) => n.toLowerCase() === lower);
}

let claims: Map<string, string[]> | undefined;

/** Stock plugins that already claim a target, exactly as the loader keys it. */
export function stockClaimants(target: InfoTarget): string[] {
  if (!claims) {
    // Indexed once: a .info can have tens of thousands of targets.
    claims = new Map();
    for (const p of STOCK_PLUGINS) {
      for (const t of p.targets) {
        const key = JSON.stringify(t);
        claims.set(key, [...(claims.get(key) ?? []), p.name]);
      }
    }
  }
  return claims.get(JSON.stringify(target)) ?? [];
}
