// The two delegate interfaces and what ImageFactory's Builder really passes to each method.
// Source of truth for the delegate template, the generated tests and `ifplugin validate`.

import type { PluginType } from './types.js';

export type { PluginType };

/** How Builder reaches a method: `hasattr` checks first, `none` calls it blindly, `try` calls it inside try/except. */
export type Guard = 'hasattr' | 'none' | 'try';

export interface DelegateMethod {
  name: string;
  /** The positional arguments Builder passes after `self`, named for what they really are. */
  args: string[];
  guard: Guard;
  /** Declared in the upstream zope interface (abort is not). */
  inInterface: boolean;
  /** The docstring's first line (short enough for PEP 8 after `def`'s indent and quotes). */
  summary: string;
  /** Who calls it and how: goes into the generated docstring. */
  calledBy: string;
  /** What the method must do or produce: goes into the generated docstring. */
  duty: string;
  /** What the generated stub does: real work raises, hooks behave like Builder's defaults. */
  stub: 'raise' | 'return-true' | 'log';
  /**
   * Stock cloud plugins that call the method (instead of Builder), and the template OS names for which they do:
   * a plugin none of whose targets has such a name is never reached by them.
   */
  stockCallers?: { plugin: string; osNames: string[] }[];
}

export interface DelegateInterface {
  type: PluginType;
  /** Interface class name, as imported from `imgfac.<name>`. */
  name: 'OSDelegate' | 'CloudDelegate';
  module: string;
  methods: DelegateMethod[];
}

const HOOK_ARGS = ['builder', 'target', 'image_id', 'template', 'parameters'];

export const INTERFACES: Record<PluginType, DelegateInterface> = {
  os: {
    type: 'os',
    name: 'OSDelegate',
    module: 'imgfac.OSDelegate',
    methods: [
      {
        name: 'create_base_image',
        summary: 'Build the base image from a TDL template.',
        args: ['builder', 'template', 'parameters'],
        guard: 'none',
        inInterface: true,
        calledBy: 'Called by Builder without checking that it exists.',
        duty:
          '`template` is an imgfac Template object. Write the disk image to the path in ' +
          '`builder.base_image.data` and set `builder.base_image.icicle` (package manifest XML; ' +
          '"<icicle></icicle>" if you have none). Raise an exception to fail the build: ' +
          'return values are ignored.',
        stub: 'raise',
      },
      {
        name: 'create_target_image',
        summary: 'Turn the base image into a target image for a cloud.',
        args: ['builder', 'target', 'image_id', 'parameters'],
        guard: 'hasattr',
        inInterface: true,
        calledBy: 'Called by Builder if it exists and the cloud plugin agreed (builder_should_create_target_image).',
        duty:
          'The interface calls the third argument `base_image`, but Builder passes the base image ID ' +
          'string. Read `builder.base_image.data` and write the result to the path in ' +
          '`builder.target_image.data`.',
        stub: 'raise',
      },
      {
        name: 'add_cloud_plugin_content',
        summary: 'Accept content that the cloud plugin needs in the image.',
        args: ['content'],
        guard: 'none',
        inInterface: true,
        calledBy: 'Called by cloud plugins as `builder.os_plugin.add_cloud_plugin_content(content)` (the stock vSphere plugin does, without checking that it exists).',
        duty: 'Keep `content` (packages, files or commands the cloud needs) for use in create_target_image.',
        stub: 'raise',
        // vSphere.builder_will_create_target_image, for `tdlobj.distro == "RHEL-5"` only (the TDL's OS name).
        stockCallers: [{ plugin: 'vSphere', osNames: ['RHEL-5'] }],
      },
      {
        name: 'abort',
        summary: 'Stop the build in progress (on SIGINT).',
        args: [],
        guard: 'try',
        inInterface: false,
        calledBy: 'Called by Builder.signal_handler on SIGINT. Not part of the interface; an error here is only logged.',
        duty: 'Stop any work in progress (an installer, a guest) and clean up.',
        stub: 'log',
      },
    ],
  },
  cloud: {
    type: 'cloud',
    name: 'CloudDelegate',
    module: 'imgfac.CloudDelegate',
    methods: [
      {
        name: 'push_image_to_provider',
        summary: 'Upload the target image to a provider.',
        args: ['builder', 'provider', 'credentials', 'target', 'image_id', 'parameters'],
        guard: 'none',
        inInterface: true,
        calledBy: 'Called by Builder without checking that it exists, on the instance that handled the target image.',
        duty:
          'The interface calls the fifth argument `target_image`, but Builder passes the target image ' +
          'ID string; the image file is `builder.target_image.data`. Set ' +
          '`builder.provider_image.identifier_on_provider` and ' +
          '`builder.provider_image.provider_account_identifier`.',
        stub: 'raise',
      },
      {
        name: 'snapshot_image_on_provider',
        summary: 'Snapshot an image that runs on a provider.',
        args: ['builder', 'provider', 'credentials', 'target', 'template', 'parameters'],
        guard: 'none',
        inInterface: true,
        calledBy: 'Called by Builder without checking that it exists, on a new instance.',
        duty:
          '`template` is passed as the caller gave it (often TDL text), not as a Template object. Set ' +
          '`builder.provider_image.identifier_on_provider` and ' +
          '`builder.provider_image.provider_account_identifier`.',
        stub: 'raise',
      },
      {
        name: 'delete_from_provider',
        summary: 'Delete an image from a provider.',
        args: ['builder', 'provider', 'credentials', 'target', 'parameters'],
        guard: 'none',
        inInterface: true,
        calledBy: 'Called by Builder without checking that it exists, on a new instance.',
        duty: 'The image to delete is `builder.provider_image` (see its `identifier_on_provider`).',
        stub: 'raise',
      },
      {
        name: 'builder_should_create_target_image',
        summary: 'Decide whether the OS plugin creates the target image.',
        args: HOOK_ARGS,
        guard: 'hasattr',
        inInterface: true,
        calledBy: 'Called by Builder, if it exists, before the target image is built.',
        duty:
          'Return True to let the OS plugin create the target image (what Builder assumes when the ' +
          'method is missing), or do the work here and return False.',
        stub: 'return-true',
      },
      {
        name: 'builder_will_create_target_image',
        summary: 'Prepare for the target image being created.',
        args: HOOK_ARGS,
        guard: 'hasattr',
        inInterface: true,
        calledBy: 'Called by Builder, if it exists, just before the target image is created.',
        duty: 'Prepare for the target image; nothing is required.',
        stub: 'log',
      },
      {
        name: 'builder_did_create_target_image',
        summary: 'Finish the target image after it was created.',
        args: HOOK_ARGS,
        guard: 'hasattr',
        inInterface: true,
        calledBy: 'Called by Builder, if it exists, just after the target image was created.',
        duty: 'Convert `builder.target_image.data` in place for this cloud if it needs another format.',
        stub: 'log',
      },
    ],
  },
};
