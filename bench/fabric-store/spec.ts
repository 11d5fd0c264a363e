/** The paper's large scale (§V): k = 90 fat-tree, 22 servers per edge switch → 10,125 switches, 89,100 servers. */
export const K90_SPEC = { kind: 'fat-tree', k: 90, serversPerEdge: 22 } as const;
