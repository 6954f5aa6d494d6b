import type { Tier } from '../../shared/constants.js';

/** District departments that coordinate tier-1 tickets, by category (一级: 区级部门统筹). */
const DEPARTMENT_BY_CATEGORY: Record<string, string> = {
  lamp: '区城市管理局', water_pipe: '区水务局', gas_safety: '区住房和城乡建设局', elevator: '区市场监督管理局',
  fire_safety: '区消防救援大队', sanitation: '区城市管理局', greening: '区城市管理局', road: '区交通运输局',
  drainage: '区水务局', parking: '区公安分局交警大队', street_order: '区城市管理局', construction: '区住房和城乡建设局',
  illegal_building: '区自然资源和规划局', dispute: '区司法局', property_service: '区住房和城乡建设局',
  elderly_care: '区民政局', social_assistance: '区民政局', public_security: '区公安分局', environment: '区生态环境局',
  flood_emergency: '区应急管理局', cross_department: '区集成管理指挥中心', suggestion: '区集成管理指挥中心',
};

/** Names of the places a cell belongs to. */
export interface CellPlace {
  villageName: string;
  townName: string;
}

/** The unit that handles a ticket at a tier: 三级 the village/community, 二级 the town/street, 一级 a district department. */
export function handlingUnitFor(tier: Tier, place: CellPlace, category: string): string {
  if (tier === 3) return place.villageName;
  if (tier === 2) return `${place.townName}党(工)委`;
  return DEPARTMENT_BY_CATEGORY[category] ?? '区集成管理指挥中心';
}
