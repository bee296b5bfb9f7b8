#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0

DOCUMENTATION = r'''
---
module: application
short_description: Upload, apply, update, remove, delete or abort a StarlingX application
version_added: 0.1.0
description:
  - Manages one StarlingX (sysinv) Kubernetes application, the way C(system application-upload), C(application-apply),
    C(application-update), C(application-remove), C(application-delete) and C(application-abort) do, through
    C(/v1/apps).
  - Reads the application first and acts only on the difference. An operation that is already running (uploading,
    applying, removing, updating, recovering) is waited for before anything else is decided, or aborted with
    O(abort=true).
  - Waits on the application's status and reports every progress text sysinv showed meanwhile (RV(history)).
    A failed upload, apply or remove fails the task with the status and sysinv's progress text. A failed update
    fails the task and reports whether sysinv recovered the previous version (RV(recovered)).
author:
  - starlingx.platform contributors (!UNKNOWN)
extends_documentation_fragment:
  - starlingx.platform.auth
  - starlingx.platform.wait
  - starlingx.platform.attributes
  - starlingx.platform.attributes.ACTION_GROUP
attributes:
  check_mode:
    support: full
    details:
      - No write request is sent; RV(actions) lists the operations that would run and RV(application) the
        predicted result.
  diff_mode:
    support: full
    details:
      - Before and after of the application's C(name), C(app_version) and C(status).
options:
  name:
    description:
      - Name of the application, for example C(cert-manager) or C(platform-integ-apps).
      - When the tarball's C(metadata.yaml) names the application, sysinv uses that name; it must then be this name.
    type: str
    required: true
  state:
    description:
      - V(uploaded) (alias V(present)) - the application exists, in any status. A missing application is uploaded;
        an application whose upload failed is deleted and uploaded again.
      - V(applied) - the application is uploaded and applied. An uploaded or apply-failed application is applied; a
        remove-failed one is removed and then applied.
      - V(removed) - the application is uploaded but not applied (what C(application-remove) leaves). An applied,
        apply-failed or remove-failed application is removed; a missing one is uploaded.
      - V(absent) - the application does not exist. An applied one is removed first, then deleted.
      - When O(app_version) (or the version in the tarball given by O(src)) differs from the application's version,
        an applied application is updated to it with C(POST /v1/apps/update) (states V(applied) and V(uploaded));
        otherwise the old version is removed if needed, deleted, and the new one uploaded.
      - When not set, V(applied); with O(abort=true) and no O(state), the module only aborts.
    type: str
    choices: [uploaded, present, applied, removed, absent]
  tarfile:
    description:
      - The application tarball as an absolute path on the active controller (for example
        C(/usr/local/share/applications/helm/cert-manager-25.09-102.tgz)) or an C(http), C(https), C(ftp) or C(ftps)
        URL that sysinv downloads.
      - Needed to upload a missing application and to update an applied one.
      - A path must end in C(.tgz) or C(.tar.gz), as sysinv requires.
    type: str
  src:
    description:
      - The application tarball on the Ansible controller (searched like the C(src) of M(ansible.builtin.copy), in a
        role's C(files/) too). It is sent in the upload request as C(binary_data) (URL-safe base64), as
        C(system application-upload) does with a local file.
      - sysinv's update call does not accept C(binary_data); to update an applied application use O(tarfile).
      - The C(app_name) and C(app_version) of the tarball's C(metadata.yaml), when present, are checked against
        O(name) and O(app_version) before anything is sent; the version is the target version when O(app_version)
        is not set.
    type: path
  remote_src:
    description:
      - V(true) - O(src) is a path on the host that runs the module rather than on the Ansible controller.
    type: bool
    default: false
  app_version:
    description:
      - The version the application must have, for example C(25.09-102).
      - Sent as C(app_version) on upload and update; sysinv uses the version of the tarball's C(metadata.yaml) when it
        has one, and the module fails if the result is not this version.
      - When not set, an existing application of any version satisfies O(state).
    type: str
  mode:
    description:
      - Application-specific apply mode, sent as C(values.mode) when the module applies the application. sysinv
        accepts it only for apps that define modes (the openstack application - C(normal), C(restore_db),
        C(restore_storage)).
      - The mode of an application that is already applied is not visible in the API; it does not cause a re-apply.
    type: str
  client_side:
    description:
      - Sent as C(values.client_side) when the module applies the application (Flux client-side apply, C(-f) of
        C(system application-apply)). Not sent when not set.
    type: bool
  images:
    description:
      - Also save the application's images in the registry during the upload (C(system application-upload -i), used on
        a distributed cloud system controller).
    type: bool
    default: false
  force:
    description:
      - Sent as C(force=True) with the remove and delete requests (C(-f) of C(application-remove) and
        C(application-delete)); needed for applications whose metadata forbids a manual remove or delete.
    type: bool
    default: false
  reuse_user_overrides:
    description:
      - On update, whether the user Helm overrides of the current version are kept. When not set, the application's
        metadata decides.
    type: bool
  reuse_attributes:
    description:
      - On update, whether the chart attributes of the current version are kept. When not set, the application's
        metadata decides.
    type: bool
  abort:
    description:
      - V(true) - abort the operation the application is running (applying, updating or removing) instead of waiting
        for it, and wait until sysinv has stopped it (an aborted apply ends C(apply-failed), an aborted update
        recovers the previous version). Then O(state) is enforced, if set.
      - Nothing is aborted when no abortable operation runs (an upload cannot be aborted; it is waited for).
    type: bool
    default: false
  timeout:
    description:
      - How long the whole task may wait, in seconds, when O(wait=true). On timeout the module fails and reports the
        last state it observed.
      - An apply takes 1-5 minutes for the platform applications and about 30 minutes for the openstack application.
    type: int
    default: 1800
notes:
  - With O(wait=false) the module still waits for the operations that the next one depends on (an upload before
    the apply), but not for the last one; RV(application) then shows its intermediate status.
  - Wire format (cgts-client C(v1/app.py)) - upload C(POST /v1/apps); apply, remove and abort
    C(PATCH /v1/apps/{name}?directive=...) with a C(values) object as body, remove with C(&force=True|False);
    update C(POST /v1/apps/update); delete C(DELETE /v1/apps/{name}?force=True|False).
seealso:
  - module: starlingx.platform.application_info
'''

EXAMPLES = r'''
- name: Apply cert-manager from the tarball shipped on the controller
  starlingx.platform.application:
    name: cert-manager
    tarfile: /usr/local/share/applications/helm/cert-manager-25.09-102.tgz
    state: applied

- name: Upload and apply an application kept next to the playbook
  starlingx.platform.application:
    name: my-app
    src: files/my-app-1.0-1.tgz
    state: applied

- name: Update snmp to a new version, keeping the user overrides
  starlingx.platform.application:
    name: snmp
    tarfile: /usr/local/share/applications/helm/snmp-25.09-81.tgz
    app_version: 25.09-81
    reuse_user_overrides: true
    state: applied
  register: snmp
  # on failure snmp.recovered tells whether sysinv went back to the previous version

- name: Abort a hung apply, then remove and delete the application
  starlingx.platform.application:
    name: my-app
    abort: true
    state: absent

- name: Remove nginx-ingress-controller (its metadata forbids a remove without force)
  starlingx.platform.application:
    name: nginx-ingress-controller
    state: removed
    force: true
'''

RETURN = r'''
application:
  description:
    - The application after the task, as C(GET /v1/apps/{name}) shows it; null when it does not exist.
    - In check mode, the predicted result.
  returned: always
  type: dict
  contains:
    name:
      description: Name.
      type: str
      sample: cert-manager
    app_version:
      description: Version.
      type: str
      sample: 25.09-102
    manifest_name:
      description: FluxCD manifest name.
      type: str
      sample: cert-manager-fluxcd-manifests
    manifest_file:
      description: FluxCD manifest directory.
      type: str
      sample: fluxcd-manifests
    status:
      description: C(uploaded), C(applied), C(apply-failed), C(upload-failed), C(remove-failed), or an in-progress status.
      type: str
      sample: applied
    progress:
      description: sysinv's progress text.
      type: str
      sample: completed
    active:
      description: Whether this version is the active one.
      type: bool
    created_at:
      description: Creation time.
      type: str
    updated_at:
      description: Last update time.
      type: str
actions:
  description: The operations run (in check mode, that would run), in order.
  returned: always
  type: list
  elements: str
  sample: [upload, apply]
progress:
  description: sysinv's last progress text of the application (null when it does not exist).
  returned: always
  type: str
  sample: completed
history:
  description:
    - Every distinct C(<version> <status>) and progress text the module observed while waiting, oldest first (at
      most the last 200).
  returned: always
  type: list
  elements: str
  sample: ["25.09-81 applying: Applying app snmp. Overall completion: 0%", "25.09-81 applied: completed"]
recovered:
  description:
    - Only when an update failed - true when sysinv recovered the previous version (it is C(applied) again),
      false when the recovery failed or was skipped.
  returned: when an update failed
  type: bool
waits:
  description: One entry per wait (what was waited for, number of polls, seconds).
  returned: when the module waited
  type: list
  elements: dict
'''

import base64
import os
import re
import tarfile as tarlib
import time

from ansible_collections.starlingx.platform.plugins.module_utils.errors import StarlingXError
from ansible_collections.starlingx.platform.plugins.module_utils.module import StarlingXModule
from ansible_collections.starlingx.platform.plugins.module_utils.sysinv import SysinvAPI

APP_FIELDS = ('name', 'app_version', 'manifest_name', 'manifest_file', 'status', 'progress', 'active',
              'created_at', 'updated_at')
DIFF_FIELDS = ('name', 'app_version', 'status')

UPLOADING = 'uploading'
UPLOADED = 'uploaded'
UPLOAD_FAILED = 'upload-failed'
APPLYING = 'applying'
APPLIED = 'applied'
APPLY_FAILED = 'apply-failed'
REMOVING = 'removing'
REMOVE_FAILED = 'remove-failed'
UPDATING = 'updating'
RECOVERING = 'recovering'
UPDATE_STARTING = 'update-starting'
# Statuses that end by themselves (the conductor is working on the app).
IN_PROGRESS = (UPLOADING, APPLYING, REMOVING, UPDATING, RECOVERING, UPDATE_STARTING)
# What sysinv lets a user abort (KubeAppController.patch, directive=abort).
ABORTABLE = (APPLYING, UPDATING, REMOVING)
# What sysinv lets a user remove.
REMOVABLE = (APPLIED, APPLY_FAILED, REMOVE_FAILED)

TAR_EXTENSIONS = ('.tgz', '.tar.gz')
URL = re.compile(r'^(https?|ftps?)://[^/\s]+', re.IGNORECASE)
METADATA_KEY = r'^%s[ \t]*:[ \t]*["\']?([^"\'#\s]+)'
MAX_HISTORY = 200
MAX_OPERATIONS = 8
# After a failed update sysinv shows the new version apply-failed for a moment, then recovers the old one
# (conductor perform_app_update -> _perform_app_recover). A target apply-failed is final only after this long,
# or when the progress says the recovery was skipped.
UPDATE_RECOVERY_GRACE = 15.0
RECOVERY_SKIPPED = 'recovery skipped'


def read_tarball_metadata(path):
    """``(app_name, app_version)`` from the ``metadata.yaml`` of an application tarball (None when absent)."""
    try:
        with tarlib.open(path, 'r:*') as tar:
            member = None
            for candidate in tar.getmembers():
                if os.path.normpath(candidate.name) == 'metadata.yaml' and candidate.isfile():
                    member = candidate
                    break
            text = ''
            if member is not None:
                handle = tar.extractfile(member)
                text = handle.read().decode('utf-8', 'replace') if handle else ''
    except (tarlib.TarError, EOFError, OSError, ValueError) as exc:
        raise StarlingXError('src: %s is not a readable application tarball (%s)' % (path, exc))
    found = []
    for key in ('app_name', 'app_version'):
        match = re.search(METADATA_KEY % key, text, re.MULTILINE)
        found.append(match.group(1) if match else None)
    return tuple(found)


def describe(app):
    if app is None:
        return 'absent'
    return '%s %s: %s' % (app.get('app_version'), app.get('status'), app.get('progress') or '')


def app_view(app):
    if app is None:
        return None
    return dict((field, app.get(field)) for field in APP_FIELDS if field in app)


class ApplicationModule(StarlingXModule):
    argument_spec = dict(
        name=dict(type='str', required=True),
        state=dict(type='str', choices=['uploaded', 'present', 'applied', 'removed', 'absent']),
        tarfile=dict(type='str'),
        src=dict(type='path'),
        remote_src=dict(type='bool', default=False),
        app_version=dict(type='str'),
        mode=dict(type='str'),
        client_side=dict(type='bool'),
        images=dict(type='bool', default=False),
        force=dict(type='bool', default=False),
        reuse_user_overrides=dict(type='bool'),
        reuse_attributes=dict(type='bool'),
        abort=dict(type='bool', default=False),
        timeout=dict(type='int', default=1800),
    )
    module_kwargs = dict(supports_check_mode=True, mutually_exclusive=[('tarfile', 'src')])
    wait_options = True

    def __init__(self):
        super(ApplicationModule, self).__init__()
        self.history = []
        self.actions = []
        self.name = self.params['name']
        state = self.params['state']
        if state == 'present':
            state = 'uploaded'
        if state is None and not self.params['abort']:
            state = 'applied'
        self.state = state
        self.target_version = self.params['app_version']
        self.deadline = None
        self._api = None

    @property
    def api(self):
        if self._api is None:
            self._api = SysinvAPI(self.client)
        return self._api

    # -- input ---------------------------------------------------------------------------------
    def validate(self):
        """Every input rule that needs no API call; fails before anything is sent."""
        if not self.name or not self.name.strip():
            raise StarlingXError('name must not be empty')
        tarfile = self.params['tarfile']
        if tarfile is not None and not URL.match(tarfile):
            if not tarfile.startswith('/'):
                raise StarlingXError("tarfile: %r must be an absolute path on the active controller or an "
                                     "http(s)/ftp(s) URL" % tarfile)
            if not tarfile.endswith(TAR_EXTENSIONS):
                raise StarlingXError('tarfile: %r has an extension sysinv refuses; it must end in .tgz or .tar.gz'
                                     % tarfile)
        src = self.params['src']
        if src is not None:
            if not os.path.isfile(src):
                raise StarlingXError('src: %s does not exist or is not a file' % src)
            if not src.endswith(TAR_EXTENSIONS):
                raise StarlingXError('src: %r has an extension sysinv refuses; it must end in .tgz or .tar.gz' % src)
            meta_name, meta_version = read_tarball_metadata(src)
            if meta_name and meta_name != self.name:
                raise StarlingXError('src: the metadata.yaml of %s names application %r, not %r (name)'
                                     % (src, meta_name, self.name))
            if meta_version and self.target_version and meta_version != self.target_version:
                raise StarlingXError('src: the metadata.yaml of %s has app_version %r, not %r (app_version)'
                                     % (src, meta_version, self.target_version))
            if meta_version:
                self.target_version = meta_version

    # -- planning ------------------------------------------------------------------------------
    def version_differs(self, app):
        return bool(self.target_version) and app.get('app_version') != self.target_version

    def next_operation(self, app, aborted):
        """The next operation towards the desired state from ``app`` (None: nothing left to do)."""
        if app is None:
            return None if self.state in (None, 'absent') else 'upload'
        status = app.get('status')
        if self.params['abort'] and not aborted and status in ABORTABLE:
            return 'abort'
        if status in IN_PROGRESS:
            return 'wait'
        if self.state is None:
            return None
        if self.state == 'absent':
            return 'remove' if status in REMOVABLE else 'delete'
        if status == UPLOAD_FAILED:
            return 'delete'
        if self.version_differs(app):
            if status == APPLIED and self.state in ('applied', 'uploaded'):
                return 'update'
            return 'remove' if status in REMOVABLE else 'delete'
        if self.state == 'uploaded':
            return None
        if self.state == 'removed':
            return 'remove' if status in REMOVABLE else None
        if status in (UPLOADED, APPLY_FAILED):
            return 'apply'
        if status == REMOVE_FAILED:
            return 'remove'
        if status == APPLIED:
            return None
        raise StarlingXError('application %s is %s (%s); the module cannot bring it to state %s from there'
                             % (self.name, status, app.get('progress'), self.state))

    def predict(self, app, operation):
        """The application as it would be after ``operation`` succeeds (check mode and planning)."""
        if operation == 'delete':
            return None
        if operation == 'upload':
            return {'name': self.name, 'app_version': self.target_version, 'status': UPLOADED,
                    'progress': 'completed', 'active': False}
        predicted = dict(app)
        status = app.get('status')
        if operation == 'wait':
            # assume the running operation succeeds: an upload ends uploaded, a remove uploaded, the rest applied
            predicted.update(status=UPLOADED if status in (UPLOADING, REMOVING) else APPLIED, progress='completed')
        elif operation == 'apply':
            predicted.update(status=APPLIED, progress='completed')
        elif operation == 'remove':
            predicted.update(status=UPLOADED, progress='completed')
        elif operation == 'update':
            predicted.update(status=APPLIED, app_version=self.target_version, progress='completed')
        elif operation == 'abort':
            # an aborted update recovers the previous version (not known here)
            aborted = {APPLYING: APPLY_FAILED, REMOVING: REMOVE_FAILED, UPDATING: APPLIED}[status]
            predicted.update(status=aborted, progress='operation aborted by user')
        return predicted

    def plan(self, app, aborted=False):
        """``[(operation, predicted app after it), ...]`` from ``app`` to the desired state."""
        steps = []
        while len(steps) < MAX_OPERATIONS:
            operation = self.next_operation(app, aborted)
            if operation is None:
                return steps
            self.check_source(operation, app)
            aborted = aborted or operation == 'abort'
            app = self.predict(app, operation)
            steps.append((operation, app))
        raise StarlingXError('application %s: no plan reaches state %s within %d operations (%s)'
                             % (self.name, self.state, MAX_OPERATIONS, ', '.join(s[0] for s in steps)))

    def check_source(self, operation, app):
        if operation == 'upload' and not (self.params['tarfile'] or self.params['src']):
            if app is None:
                reason = 'application %s does not exist' % self.name
            else:
                reason = 'application %s must be uploaded again' % self.name
            raise StarlingXError('%s; tarfile or src is required to upload it (state=%s)' % (reason, self.state))
        if operation == 'update' and not self.params['tarfile']:
            raise StarlingXError(
                'application %s is applied at version %s and app_version is %s: updating needs tarfile (a path on '
                'the active controller or a URL; sysinv does not accept an uploaded file for an update)'
                % (self.name, app.get('app_version'), self.target_version))

    # -- waiting -------------------------------------------------------------------------------
    def fetch(self):
        app = self.api.app(self.name)
        line = describe(app)
        if not self.history or self.history[-1] != line:
            self.history.append(line)
            del self.history[:-MAX_HISTORY]
        return app

    def remaining(self):
        return max(0, int(round(self.deadline - time.monotonic())))

    def settle(self, app, what):
        """Wait until the application's operation has ended; return it (None when it disappeared)."""
        app = app or {}
        target = app.get('app_version') if app.get('status') in (UPDATING, UPDATE_STARTING) else None
        failed_since = []

        def done(current):
            if current is None:
                return True
            status = current.get('status')
            if status in IN_PROGRESS:
                del failed_since[:]
                return False
            if (target is not None and status == APPLY_FAILED and current.get('app_version') == target
                    and RECOVERY_SKIPPED not in (current.get('progress') or '')):
                # the conductor starts the recovery of the previous version right after this
                now = time.monotonic()
                if not failed_since:
                    failed_since.append(now)
                return now - failed_since[0] >= UPDATE_RECOVERY_GRACE
            return True

        return self.wait(self.fetch, done, what=what, describe=describe, timeout=self.remaining(),
                         transient_errors=True)

    # -- operations ----------------------------------------------------------------------------
    def upload_body(self):
        body = {'name': self.name}
        if self.target_version:
            body['app_version'] = self.target_version
        if self.params['images']:
            body['images'] = True
        src = self.params['src']
        if src:
            # sysinv writes binary_data to /tmp/tarball_uploads/<time>-<basename of tarfile> when tarfile does not
            # exist on the controller; a bare file name never does.
            body['tarfile'] = os.path.basename(src)
            with open(src, 'rb') as handle:
                body['binary_data'] = base64.urlsafe_b64encode(handle.read()).decode('ascii')
        else:
            body['tarfile'] = self.params['tarfile']
        return body

    def apply_values(self):
        values = {}
        if self.params['mode'] is not None:
            values['mode'] = self.params['mode']
        if self.params['client_side'] is not None:
            values['client_side'] = self.params['client_side']
        return values

    def update_body(self):
        body = {'tarfile': self.params['tarfile'], 'name': self.name, 'app_version': self.target_version}
        for key in ('reuse_user_overrides', 'reuse_attributes'):
            if self.params[key] is not None:
                body[key] = 'true' if self.params[key] else 'false'
        return body

    def start(self, operation, app):
        """Send the request of ``operation``; return the application as sysinv answered."""
        force = self.params['force']
        if operation == 'upload':
            started = self.api.app_upload(self.upload_body())
            if started and started.get('name') not in (None, self.name):
                raise StarlingXError('the tarball holds application %r, not %r (name); sysinv is uploading it as %r'
                                     % (started.get('name'), self.name, started.get('name')))
            return started
        if operation == 'apply':
            return self.api.app_directive(self.name, 'apply', values=self.apply_values())
        if operation == 'remove':
            return self.api.app_directive(self.name, 'remove', force=force)
        if operation == 'abort':
            return self.api.app_directive(self.name, 'abort')
        if operation == 'update':
            return self.api.app_update(self.update_body())
        if operation == 'delete':
            self.api.app_delete(self.name, force=force)
            return None
        raise StarlingXError('unknown operation %s' % operation)

    def check_outcome(self, operation, before, app):
        """Fail unless ``operation`` (started from ``before``) ended the way it should."""
        status = app.get('status') if app else None
        if operation in ('wait', 'abort', 'delete'):
            return
        if app is None:
            raise StarlingXError('application %s disappeared during the %s' % (self.name, operation))
        expected = {'upload': UPLOADED, 'apply': APPLIED, 'remove': UPLOADED, 'update': APPLIED}[operation]
        if operation == 'update':
            from_version, to_version = before.get('app_version'), self.target_version
            if status == APPLIED and app.get('app_version') == to_version:
                return
            recovered = status == APPLIED and app.get('app_version') == from_version
            reason = self.target_failure(to_version)
            if recovered:
                msg = ('Update of application %s from version %s to %s failed; sysinv recovered version %s '
                       '(status applied). Progress: %s' % (self.name, from_version, to_version, from_version,
                                                           app.get('progress')))
            else:
                msg = ('Update of application %s from version %s to %s failed and version %s was not recovered: '
                       'status %s, version %s. Progress: %s' % (self.name, from_version, to_version, from_version,
                                                                status, app.get('app_version'), app.get('progress')))
            if reason:
                msg += ' Failure of %s: %s' % (to_version, reason)
            raise ApplicationFailure(msg, app, recovered=recovered)
        if status != expected:
            raise ApplicationFailure('%s of application %s (version %s) failed: status %s, progress: %s'
                                     % (operation.capitalize(), self.name, app.get('app_version'), status,
                                        app.get('progress')), app)
        if self.target_version and operation == 'upload' and app.get('app_version') != self.target_version:
            raise ApplicationFailure('application %s was uploaded as version %s (the tarball\'s metadata), not %s '
                                     '(app_version)' % (self.name, app.get('app_version'), self.target_version), app)

    def target_failure(self, version):
        """The last progress text observed while ``version`` was apply-failed (the reason of a failed update)."""
        prefix = '%s %s: ' % (version, APPLY_FAILED)
        for line in reversed(self.history):
            if line.startswith(prefix):
                return line[len(prefix):]
        return None

    def execute(self, app):
        aborted = False
        for _count in range(MAX_OPERATIONS * 2):
            steps = self.plan(app, aborted)
            if not steps:
                return app
            operation = steps[0][0]
            last = len(steps) == 1
            before = app
            if operation != 'wait':
                self.actions.append(operation)
                app = self.start(operation, app)
            aborted = aborted or operation == 'abort'
            if operation == 'delete':
                app = self.api.app(self.name)
                continue
            if last and not self.params['wait']:
                return app
            if operation == 'wait':
                what = 'application %s to finish %s' % (self.name, before['status'])
            else:
                what = 'application %s: %s' % (self.name, operation)
            app = self.settle(before if operation in ('wait', 'abort') else app, what)
            self.check_outcome(operation, before, app)
        raise StarlingXError('application %s did not reach state %s (operations: %s)'
                             % (self.name, self.state, ', '.join(self.actions)))

    # -- run -----------------------------------------------------------------------------------
    def run(self):
        self.validate()
        self.deadline = time.monotonic() + max(0, self.params['timeout'])
        current = self.api.app(self.name)
        steps = self.plan(current)
        if self.check_mode:
            self.actions = [s[0] for s in steps if s[0] != 'wait']
            after = steps[-1][1] if steps else current
        else:
            try:
                after = self.execute(current)
            except ApplicationFailure as exc:
                self.fail(exc.msg, exc.app, recovered=exc.recovered)
            except StarlingXError as exc:
                self.fail(exc.msg, None, error=exc)
        result = dict(changed=bool(self.actions), application=app_view(after), actions=self.actions,
                      progress=(after or {}).get('progress'), history=self.history,
                      diff=self.diff_result(current, after, DIFF_FIELDS))
        return result

    def fail(self, msg, app, recovered=None, error=None):
        result = error.to_dict() if error is not None else {}
        result.update(msg=msg, changed=bool(self.actions), actions=self.actions, history=self.history)
        if app is not None:
            result.update(application=app_view(app), progress=app.get('progress'))
        if recovered is not None:
            result['recovered'] = recovered
        self.fail_json(**result)


class ApplicationFailure(StarlingXError):
    """An operation ended in a failure status; carries the application as last observed."""

    def __init__(self, msg, app, recovered=None):
        super(ApplicationFailure, self).__init__(msg)
        self.app = app
        self.recovered = recovered


def main():
    ApplicationModule()()


if __name__ == '__main__':
    main()
