/**
 * Objects for the stand-in Kubernetes API server (kubeApiServer.ts): the smallest valid shapes that
 * `kubectl` and remediation read.
 */
import type { KubeObject } from './kubeApiServer';

const podTemplate = (app: string) => ({
  metadata: { labels: { app } },
  spec: { containers: [{ name: app, image: `example/${app}:1` }] },
});

export function deployment(
  namespace: string,
  name: string,
  replicas: number,
  labels: Record<string, string> = {}
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, uid: `uid-deploy-${name}`, labels: { app: name, ...labels } },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: podTemplate(name) },
  };
}

export function statefulSet(
  namespace: string,
  name: string,
  replicas: number,
  labels: Record<string, string> = {}
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, namespace, uid: `uid-sts-${name}`, labels: { app: name, ...labels } },
    spec: { replicas, serviceName: name, selector: { matchLabels: { app: name } }, template: podTemplate(name) },
  };
}

export function pvc(namespace: string, name: string, storage: string, labels: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace, uid: `uid-pvc-${name}`, labels },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage } } },
  };
}

export function cronJob(namespace: string, name: string, labels: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, namespace, uid: `uid-cj-${name}`, labels },
    spec: {
      schedule: '0 3 * * *',
      jobTemplate: {
        metadata: { labels: { job: name }, annotations: { 'bellwether.io/purpose': 'log cleanup' } },
        spec: {
          backoffLimit: 1,
          template: {
            metadata: { labels: { job: name } },
            spec: {
              restartPolicy: 'Never',
              containers: [{ name, image: 'example/cleanup:1', args: ['--older-than=7d'] }],
            },
          },
        },
      },
    },
  };
}

export function node(name: string, labels: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, uid: `uid-node-${name}`, labels: { 'kubernetes.io/hostname': name, ...labels } },
    spec: {},
  };
}
