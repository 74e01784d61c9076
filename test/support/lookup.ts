import { gql } from './graphql.js';

/** Global IDs of demo objects, looked up through the public API. */
export function lookup(url: string) {
  return {
    async region(code: string): Promise<string> {
      const res = await gql<any>(url, `query($s: String) { regions(filter: { search: $s }) { nodes { id code } } }`, {
        s: code,
      });
      const found = res.data.regions.nodes.find((r: { code: string }) => r.code === code);
      if (!found) throw new Error(`no region ${code}`);
      return found.id;
    },
    async organization(nameEn: string): Promise<string> {
      const res = await gql<any>(
        url,
        `query($s: String) { organizations(first: 5, filter: { search: $s }) { nodes { id nameEn } } }`,
        { s: nameEn },
      );
      const found = res.data.organizations.nodes.find((o: { nameEn: string }) => o.nameEn === nameEn);
      if (!found) throw new Error(`no organization ${nameEn}`);
      return found.id;
    },
    async committee(regionCode: string): Promise<string> {
      const region = await this.region(regionCode);
      const res = await gql<any>(
        url,
        `query($r: ID) { organizations(filter: { regionId: $r, kind: [COMMITTEE] }) { nodes { id region { code } } } }`,
        { r: region },
      );
      return res.data.organizations.nodes.find((o: { region: { code: string } }) => o.region.code === regionCode).id;
    },
  };
}

export const JINGHU = 'Jinghu Water Operations Co., Ltd.';
export const SHENJIAN = 'Shenjian Urban Renewal Construction Co., Ltd.';
/** Jing'an District, its Caojiadu sub-district and a community there (where Jinghu Water is). */
export const JINGAN = '310106';
export const CAOJIADU = '310106002';
export const COMMUNITY = '310106002002';
export const XUHUI = '310104';
