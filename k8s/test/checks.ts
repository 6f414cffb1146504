// Checks that the stack (k8s/simple) and the monitoring overlay (k8s/monitoring) share: the
// Kubernetes schema of each object, pinned images, hardened containers, resources and probes.
import { DaemonSet, Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Job } from 'kubernetes-models/batch/v1';
import { Ingress, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import {
  ClusterRole,
  ClusterRoleBinding,
  Role,
  RoleBinding,
} from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { ConfigMap, Namespace, Secret, Service, ServiceAccount } from 'kubernetes-models/v1';
import type { Container, K8sObject } from './stack';

// The Kubernetes model of every kind the manifests use: an object of any other kind fails the check.
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'v1/Namespace': Namespace,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'apps/v1/DaemonSet': DaemonSet,
  'batch/v1/Job': Job,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'networking.k8s.io/v1/Ingress': Ingress,
  'rbac.authorization.k8s.io/v1/Role': Role,
  'rbac.authorization.k8s.io/v1/RoleBinding': RoleBinding,
  'rbac.authorization.k8s.io/v1/ClusterRole': ClusterRole,
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': ClusterRoleBinding,
};

export const CLUSTER_SCOPED_KINDS = ['Namespace', 'ClusterRole', 'ClusterRoleBinding'];

export const byName = (object: K8sObject) => `${object.kind}/${object.metadata.name}`;

export function expectValidAgainstSchema(object: K8sObject): void {
  const Model = MODELS[`${object.apiVersion}/${object.kind}`];
  expect([byName(object), Model === undefined]).toEqual([byName(object), false]);
  expect(() => new Model(object as never).validate()).not.toThrow();
}

export function expectPinnedImage(container: Container): void {
  expect(container.image).toMatch(/^[a-z0-9./-]+:[A-Za-z0-9_.-]+$/);
  expect(container.image).not.toMatch(/:latest$/);
  expect([container.name, container.imagePullPolicy]).toEqual([container.name, 'IfNotPresent']);
}

/** No escalation, no capability; a read-only root filesystem unless `writableRoot`. */
export function expectHardenedContainer(container: Container, writableRoot = false): void {
  expect([container.name, container.securityContext]).toEqual([
    container.name,
    expect.objectContaining({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } }),
  ]);
  expect([container.name, container.securityContext?.privileged ?? false]).toEqual([
    container.name,
    false,
  ]);
  if (!writableRoot) {
    expect([container.name, container.securityContext?.readOnlyRootFilesystem]).toEqual([
      container.name,
      true,
    ]);
  }
}

export function expectRequestsAndLimits(container: Container): void {
  expect([container.name, Object.keys(container.resources?.requests ?? {}).sort()]).toEqual([
    container.name,
    ['cpu', 'memory'],
  ]);
  expect([container.name, Object.keys(container.resources?.limits ?? {}).sort()]).toEqual([
    container.name,
    ['cpu', 'memory'],
  ]);
}

export function expectAllProbes(container: Container): void {
  const probes = [container.startupProbe, container.readinessProbe, container.livenessProbe];
  expect([container.name, probes.every(Boolean)]).toEqual([container.name, true]);
}
