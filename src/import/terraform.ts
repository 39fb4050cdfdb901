/**
 * The Terraform importer: `terraform show -json` of a plan or of a state, and raw `.tfstate`
 * files, each file one model. The file is read into resources (terraform-read.ts), AWS resources
 * are mapped into components and edges (terraform-aws.ts, whose table says what each type
 * becomes), and only then is the model written: components in their regions with the zones they
 * use, edges, and the notes on what could not be mapped. Resources of other cloud providers are
 * out of scope, with one note per provider. docs/importers/terraform.md is the user's page.
 */
import type { Span } from '../../grammar/ast.js';
import type { AttrInput, ModelBuilder } from './emit.js';
import { v } from './emit.js';
import type { Importer } from './types.js';
import { awsResources, mapAws, utilityProviders } from './terraform-aws.js';
import { MapContext, nameUnits, regionOfZone } from './terraform-map.js';
import { readTerraform, zeroSpan, type TfResource, type TfSource } from './terraform-read.js';

/** Providers people use instead of AWS, by their resource prefix, for the out-of-scope note. */
const providerNames: Readonly<Record<string, string>> = {
  google: 'Google Cloud',
  'google-beta': 'Google Cloud',
  azurerm: 'Azure',
  azuread: 'Azure AD',
  kubernetes: 'Kubernetes',
  helm: 'Helm',
  digitalocean: 'DigitalOcean',
  cloudflare: 'Cloudflare',
  oci: 'Oracle Cloud',
  alicloud: 'Alibaba Cloud',
  ibm: 'IBM Cloud',
  linode: 'Linode',
  hcloud: 'Hetzner Cloud',
  vsphere: 'vSphere',
  openstack: 'OpenStack',
};

export const importTerraform: Importer = (files, builder, options) => {
  for (const f of files) {
    for (const d of f.documents) {
      const src = readTerraform(f.file, d.root);
      if (src.refused) {
        builder.note('import/unsupported', src.refused.message, f.file, src.refused.span);
        continue;
      }
      let ctx: MapContext;
      try {
        ctx = new MapContext(src);
        mapAws(ctx);
        noteTheRest(ctx);
      } catch (error) {
        // A mapping that fails on an unexpected shape writes nothing half-built.
        builder.note('import/unsupported', `${f.file} could not be mapped: ${(error as Error).message}`, f.file, d.root?.span ?? zeroSpan);
        continue;
      }
      write(ctx, src, builder, options.names);
    }
  }
};

/** Resources that no mapping read: unknown AWS types get a note each, other providers one note each. */
function noteTheRest(ctx: MapContext): void {
  const providers = new Map<string, { first: TfResource; count: number }>();
  for (const res of ctx.src.resources) {
    if (res.mode !== 'managed' || ctx.used.has(res)) continue;
    if (res.provider === 'aws') {
      const m = awsResources[res.type];
      if (m) continue;
      ctx.note(
        'import/unmapped-resource',
        `${res.address}: archlint does not know what an \`${res.type}\` is in the architecture, so it is left out of the model (docs/importers/terraform.md lists the types it maps)`,
        res.head,
      );
      continue;
    }
    if (utilityProviders.has(res.provider)) continue;
    const p = providers.get(res.provider);
    if (p) p.count++;
    else providers.set(res.provider, { first: res, count: 1 });
  }
  for (const [provider, { first, count }] of providers) {
    const name = providerNames[provider] ?? `the \`${provider}\` provider`;
    ctx.note(
      'import/unsupported',
      `${count} resource${count === 1 ? '' : 's'} of ${name} (${first.address}${count > 1 ? ', …' : ''}) ${count === 1 ? 'is' : 'are'} not read: the Terraform importer maps AWS resources only`,
      first.head,
    );
  }
}

/** Writes the mapped units, edges and notes into the builder. */
function write(ctx: MapContext, src: TfSource, builder: ModelBuilder, names: ReadonlyMap<string, string>): void {
  const file = src.file;
  // The configuration's `import.names`, by address (`module.web.aws_autoscaling_group.this`) or
  // by the resource's own name: the design's name, kept through the clash rules.
  for (const u of ctx.units) {
    const named = u.kind === 'client' ? undefined : (names.get(u.resource.address) ?? names.get(u.resource.name));
    if (named !== undefined) u.wanted = named;
  }
  nameUnits(ctx.units, (name) => builder.has(name));
  // Zones must be zones of the unit's region; a unit with zones and no region takes theirs.
  for (const u of ctx.units) {
    if (!u.zones) continue;
    if (!u.region) {
      const r = regionOfZone(u.zones.list[0]!);
      if (r) u.region = { name: r, span: u.zones.span };
    }
    const list = u.zones.list.filter((z) => regionOfZone(z) === u.region?.name);
    if (list.length === 0) delete u.zones;
    else u.zones = { list, span: u.zones.span };
  }
  // Regions: the zones of their subnets and of what runs in them.
  const regionZones = new Map<string, { zones: Set<string>; span: Span }>();
  const zonesOf = (region: string, span: Span) => {
    let r = regionZones.get(region);
    if (!r) regionZones.set(region, (r = { zones: new Set(), span }));
    return r;
  };
  for (const u of ctx.units) if (u.region) zonesOf(u.region.name, u.region.span);
  for (const subnet of ctx.ofType('aws_subnet')) {
    for (const inst of subnet.instances) {
      const zone = ctx.str(subnet, ['availability_zone'], inst);
      const region = zone ? regionOfZone(zone) : undefined;
      if (!zone || !region || !regionZones.has(region)) continue;
      const r = zonesOf(region, ctx.spanOf(subnet, ['availability_zone'], inst));
      if (r.zones.size === 0) r.span = ctx.spanOf(subnet, ['availability_zone'], inst);
      r.zones.add(zone);
    }
  }
  for (const u of ctx.units) {
    if (!u.region || !u.zones) continue;
    const r = zonesOf(u.region.name, u.zones.span);
    if (r.zones.size === 0) r.span = u.zones.span;
    for (const z of u.zones.list) r.zones.add(z);
  }
  const regionName = (name: string) => regionNames.get(name) ?? name;
  const regionNames = new Map<string, string>();
  for (const name of regionZones.keys()) {
    let safe = name.replace(/[^A-Za-z0-9-]/g, '_');
    if (!/^[A-Za-z]/.test(safe)) safe = `r_${safe}`;
    for (let n = 2; builder.has(safe) || ctx.units.some((u) => u.name === safe); n++) safe = `${name}_${n}`;
    regionNames.set(name, safe);
  }
  for (const u of ctx.units) {
    const attrs: AttrInput[] = [...u.attrs].map(([name, value]) => ({ name, value }));
    for (const [name, ref] of u.refs) attrs.push({ name, value: v.word(ref.unit.name, ref.span) });
    if (u.zones && u.region) attrs.push({ name: 'zones', value: v.list(u.zones.list, u.zones.span) });
    const what =
      u.instance?.key !== undefined && u.resource.instances.length > 1 ? `${u.resource.address}[${JSON.stringify(u.instance.key)}]` : u.resource.address;
    builder.component({
      kind: u.kind,
      name: u.name,
      file,
      span: u.span,
      nameSpan: u.nameSpan,
      attrs,
      ...(u.region ? { region: { name: regionName(u.region.name), span: u.region.span } } : {}),
      origin: { what: u.kind === 'client' && u.wanted === 'users' ? 'the internet (public entries)' : what, file, line: u.nameSpan.start.line },
      ...(u.label !== undefined ? { label: u.label } : {}),
    });
  }
  for (const [name, r] of regionZones) builder.regionZones(file, regionName(name), [...r.zones].sort(), r.span);
  for (const e of ctx.edges) {
    builder.edge({
      from: e.from.name,
      to: e.to.name,
      file,
      span: e.span,
      attrs: [...e.attrs].map(([name, value]) => ({ name, value })),
      origin: { what: e.origin, file, line: e.span.start.line },
    });
  }
  for (const n of ctx.notes) builder.note(n.ruleId, n.message, file, n.span);
}
